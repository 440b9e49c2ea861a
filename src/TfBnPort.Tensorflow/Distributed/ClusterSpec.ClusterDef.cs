using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public sealed partial class ClusterSpec
{
    /// <summary>The ClusterDef proto: jobs sorted by name (deterministic, as server_lib does), tasks by index.</summary>
    public ClusterDef as_cluster_def()
    {
        var def = new ClusterDef();
        foreach (var (job, tasks) in SortedJobs)
        {
            var jobDef = new JobDef { Name = job };
            foreach (var (index, address) in tasks) jobDef.Tasks[index] = address;
            def.Job.Add(jobDef);
        }
        return def;
    }

    /// <summary>A ClusterSpec from a ClusterDef proto.</summary>
    public ClusterSpec(ClusterDef cluster_def)
        : this(cluster_def.Job.Select(j => new KeyValuePair<string, IReadOnlyDictionary<int, string>>(j.Name, j.Tasks.ToDictionary(t => t.Key, t => t.Value))))
    {
    }
}
