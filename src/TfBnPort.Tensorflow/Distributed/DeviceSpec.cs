namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.DeviceSpec (TF1's DeviceSpecV1, python/framework/device_spec.py): a possibly partial device
/// "/job:NAME/replica:R/task:T/device:TYPE:INDEX". Each field may be unset (null); merging fills
/// the unset fields of one spec from another, the other winning where both are set.
/// </summary>
public sealed class DeviceSpec : IEquatable<DeviceSpec>
{
    private string? _deviceType;

    public DeviceSpec(string? job = null, int? replica = null, int? task = null, string? device_type = null, int? device_index = null)
    {
        this.job = job;
        this.replica = replica;
        this.task = task;
        this.device_type = device_type;
        this.device_index = device_index;
    }

    public string? job { get; set; }
    public int? replica { get; set; }
    public int? task { get; set; }

    /// <summary>"cpu" and "gpu" are upper-cased as in Python; other types are kept as given.</summary>
    public string? device_type
    {
        get => _deviceType;
        set => _deviceType = value is "cpu" or "gpu" ? value.ToUpperInvariant() : value;
    }

    public int? device_index { get; set; }

    /// <summary>Parses "/job:ps/replica:0/task:1/device:CPU:0", "/cpu:0", "/gpu:*", "" (every part optional).</summary>
    public static DeviceSpec from_string(string? spec)
    {
        string? job = null, deviceType = null;
        int? replica = null, task = null, deviceIndex = null;
        spec ??= "";
        foreach (var part in spec.Split('/'))
        {
            var y = part.Split(':');
            var upper = y[0].ToUpperInvariant();
            if (y.Length == 2 && y[0] == "job") job = y[1];
            else if (y.Length == 2 && y[0] == "replica") replica = ParseIndex(y[1], "replica", spec);
            else if (y.Length == 2 && y[0] == "task") task = ParseIndex(y[1], "task", spec);
            else if (y.Length is 1 or 2 && upper is "CPU" or "GPU")
            {
                if (deviceType is not null) throw new ValueError($"Cannot specify multiple device types: {spec}");
                deviceType = upper;
                if (y.Length == 2 && y[1] != "*") deviceIndex = ParseIndex(y[1], "device index", spec);
            }
            else if (y.Length == 3 && y[0] == "device")
            {
                if (deviceType is not null) throw new ValueError($"Cannot specify multiple device types: {spec}");
                deviceType = y[1];
                if (y[2] != "*") deviceIndex = ParseIndex(y[2], "device index", spec);
            }
            else if (y[0] != "") throw new ValueError($"Unknown attribute: '{y[0]}' in '{spec}'");
        }
        return new DeviceSpec(job, replica, task, deviceType, deviceIndex);
    }

    private static int ParseIndex(string text, string what, string spec) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i
            : throw new ValueError($"invalid literal for int() with base 10: '{text}' (the {what} in device spec '{spec}')");

    /// <summary>TF1's mutating parse: replaces every field with those of <paramref name="spec"/> and returns this.</summary>
    public DeviceSpec parse_from_string(string spec)
    {
        var parsed = from_string(spec);
        (job, replica, task, device_type, device_index) = (parsed.job, parsed.replica, parsed.task, parsed.device_type, parsed.device_index);
        return this;
    }

    /// <summary>A new spec: this one's fields, overridden by every field <paramref name="dev"/> sets.</summary>
    public DeviceSpec make_merged_spec(DeviceSpec dev) => new(
        dev.job ?? job, dev.replica ?? replica, dev.task ?? task, dev.device_type ?? device_type, dev.device_index ?? device_index);

    /// <summary>TF1's mutating merge: fields set in <paramref name="dev"/> replace this spec's.</summary>
    public void merge_from(DeviceSpec dev)
    {
        var merged = make_merged_spec(dev);
        (job, replica, task, device_type, device_index) = (merged.job, merged.replica, merged.task, merged.device_type, merged.device_index);
    }

    /// <summary>A copy with the given fields replaced (Python's replace(task=...)).</summary>
    public DeviceSpec replace(string? job = null, int? replica = null, int? task = null, string? device_type = null, int? device_index = null) =>
        new(job ?? this.job, replica ?? this.replica, task ?? this.task, device_type ?? this.device_type, device_index ?? this.device_index);

    /// <summary>The canonical form: set fields only, in job/replica/task/device order; an unset index prints "*".</summary>
    public string to_string()
    {
        var s = new System.Text.StringBuilder();
        if (job is not null) s.Append("/job:").Append(job);
        if (replica is not null) s.Append("/replica:").Append(replica.Value);
        if (task is not null) s.Append("/task:").Append(task.Value);
        if (device_type is not null) s.Append("/device:").Append(device_type).Append(':').Append(device_index?.ToString() ?? "*");
        return s.ToString();
    }

    /// <summary>device.canonical_name: "" for null, else the parsed and re-printed spec.</summary>
    public static string canonical_name(string? device) => device is null ? "" : from_string(device).to_string();

    public override string ToString() => to_string();
    public bool Equals(DeviceSpec? other) => other is not null && other.to_string() == to_string();
    public override bool Equals(object? obj) => Equals(obj as DeviceSpec);
    public override int GetHashCode() => to_string().GetHashCode();
}
