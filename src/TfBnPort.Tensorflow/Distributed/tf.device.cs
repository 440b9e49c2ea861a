namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.device("/job:ps/task:0"): ops built inside get that device, merged field by field with inner scopes; null clears outer scopes.</summary>
    public static IDisposable device(string? device_name) => get_default_graph().device(device_name);

    public static IDisposable device(DeviceSpec device_spec) => get_default_graph().device(device_spec);

    /// <summary>tf.device(function): e.g. tf.train.replica_device_setter(...). The function sees each op before it is built (no outputs yet).</summary>
    public static IDisposable device(Func<Operation, string?>? device_function) =>
        device_function is null ? get_default_graph().device((string?)null) : get_default_graph().device(device_function);

    /// <summary>tf.colocate_with(op): ops built inside live where op lives (`_class` = loc:@op).</summary>
    public static IDisposable colocate_with(object? op, bool ignore_existing = false) => get_default_graph().colocate_with(op, ignore_existing);

    /// <summary>tf.DeviceSpec(job, replica, task, device_type, device_index).</summary>
    public static DeviceSpec DeviceSpec(string? job = null, int? replica = null, int? task = null, string? device_type = null, int? device_index = null) =>
        new(job, replica, task, device_type, device_index);
}
