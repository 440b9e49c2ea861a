namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.ClusterSpec (python/training/server_lib.py): job name → {task index → "host:port"}.
/// Built from dense lists (index = position) or sparse maps; jobs are kept in the order given,
/// the ClusterDef sorts them by name.
/// </summary>
public sealed partial class ClusterSpec
{
    private readonly Dictionary<string, SortedDictionary<int, string>> _jobs = new();

    /// <summary>Dense jobs: {"ps": ["localhost:2222"], "worker": ["localhost:2223", "localhost:2224"]}.</summary>
    public ClusterSpec(IEnumerable<KeyValuePair<string, string[]>> cluster)
        : this(cluster.Select(kv => new KeyValuePair<string, IReadOnlyDictionary<int, string>>(
            kv.Key, (kv.Value ?? throw new TypeError($"The tasks for job '{kv.Key}' must be a list or a dictionary from integers to strings."))
                .Select((address, i) => (address, i)).ToDictionary(x => x.i, x => x.address))))
    {
    }

    /// <summary>Sparse jobs: {"worker": {1: "localhost:2224"}} (a task need not know every other worker).</summary>
    public ClusterSpec(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<int, string>>> cluster)
    {
        foreach (var (job, tasks) in cluster)
        {
            if (string.IsNullOrEmpty(job) || !JobNamePattern.IsMatch(job))
                throw new ValueError($"Job name '{job}' is invalid: a job name is letters, digits and underscores, starting with a letter (e.g. 'ps', 'worker').");
            if (tasks is null) throw new TypeError($"The tasks for job '{job}' must be a list or a dictionary from integers to strings.");
            var map = new SortedDictionary<int, string>();
            foreach (var (index, address) in tasks)
            {
                if (index < 0) throw new ValueError($"Task index {index} of job '{job}' is negative: task indices start at 0.");
                map[index] = CheckAddress(job, index, address);
            }
            _jobs[job] = map;
        }
    }

    private static readonly System.Text.RegularExpressions.Regex JobNamePattern = new("^[A-Za-z][A-Za-z0-9_]*$");

    private static string CheckAddress(string job, int index, string? address)
    {
        var colon = address?.LastIndexOf(':') ?? -1;
        if (address is null || colon <= 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new ValueError($"Task {index} of job '{job}' has address '{address}': expected 'host:port' with a port from 0 to 65535 (e.g. 'localhost:2222').");
        return address;
    }

    public List<string> jobs => _jobs.Keys.ToList();

    public int num_tasks(string job_name) => Job(job_name).Count;

    public List<int> task_indices(string job_name) => Job(job_name).Keys.ToList();

    public string task_address(string job_name, int task_index) =>
        Job(job_name).TryGetValue(task_index, out var address) ? address
            : throw new ValueError($"No task with index {task_index} in job '{job_name}' (it has tasks {string.Join(", ", Job(job_name).Keys)}).");

    /// <summary>The addresses by task index; a sparse job has nulls where tasks are not listed.</summary>
    public List<string?> job_tasks(string job_name)
    {
        var job = Job(job_name);
        var result = new List<string?>(new string?[job.Count == 0 ? 0 : job.Keys.Max() + 1]);
        foreach (var (i, address) in job) result[i] = address;
        return result;
    }

    /// <summary>Jobs whose indices are dense as lists, sparse ones as maps (Python's as_dict).</summary>
    public Dictionary<string, object> as_dict() => _jobs.ToDictionary(kv => kv.Key, kv =>
        kv.Value.Count > 0 && kv.Value.Keys.Max() + 1 == kv.Value.Count
            ? (object)kv.Value.Values.ToList()
            : kv.Value.ToDictionary(t => t.Key, t => t.Value));

    private SortedDictionary<int, string> Job(string jobName) =>
        _jobs.TryGetValue(jobName, out var job) ? job
            : throw new ValueError($"No such job in cluster: '{jobName}' (its jobs: {string.Join(", ", _jobs.Keys)}).");

    internal IEnumerable<(string Job, SortedDictionary<int, string> Tasks)> SortedJobs =>
        _jobs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));

    public override string ToString() =>
        "ClusterSpec({" + string.Join(", ", _jobs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            $"'{kv.Key}': [{string.Join(", ", kv.Value.Select(t => $"'{t.Value}'"))}]")) + "})";
}
