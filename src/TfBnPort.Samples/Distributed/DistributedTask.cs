using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples;

/// <summary>
/// Runs one task of a cluster: a ps starts its tf.train.Server and serves until cancelled; a worker
/// starts its server, builds the sample's graph under replica_device_setter and trains it through a
/// MonitoredTrainingSession on its own server's target (worker 0 is the chief).
/// </summary>
public static class DistributedTask
{
    public static WorkerResult? Run(DistributedOptions options)
    {
        if (options.Job is not ("ps" or "worker"))
            throw new SampleException($"--job must be ps or worker, got '{options.Job}'.");
        if (!options.Cluster.jobs.Contains("ps") || !options.Cluster.jobs.Contains("worker"))
            throw new SampleException($"The cluster needs a 'ps' and a 'worker' job, got {options.Cluster}.");
        using var server = new tf.train.Server(options.Cluster, options.Job, options.Task);
        options.Log.WriteLine($"[{options.TaskName}] server started: {server.target}");
        if (options.Job == "ps")
        {
            // The server serves on TensorFlow's threads; this process only has to stay alive.
            options.Cancellation.WaitHandle.WaitOne();
            return null;
        }
        var trainer = DistributedSamples.Find(options.Sample ?? throw new SampleException("A worker needs the NAME of the sample to train (geron-dnn or contrib-mlp)."));
        try
        {
            return trainer.Train(server.target, options);
        }
        catch (TensorflowException e) when (GraphDisagreement.IsShapeMismatch(e))
        {
            throw GraphDisagreement.Explain(e, options.TaskName);
        }
        // Only failures of TensorFlow's runtime ("Session.run: …"): the DeadlineExceeded of a non-chief that waited
        // too long for the chief (SessionManager) is no ps problem and already says what to check.
        catch (TensorflowException e) when ((e.Code is TF_Code.DeadlineExceeded or TF_Code.Unavailable) && e.Message.StartsWith("Session.run: ", StringComparison.Ordinal))
        {
            throw LostPs(options, e);
        }
    }

    /// <summary>
    /// A worker's sessions reach only the ps tasks and itself (<see cref="WorkerConfig"/>), so a run that got
    /// no answer within operation_timeout_in_ms (or a session that could not be re-created) means a ps is
    /// down or was never started: the error names the ps tasks, and says how training goes on.
    /// </summary>
    private static SampleException LostPs(DistributedOptions options, TensorflowException e)
    {
        var ps = string.Join(", ", options.Cluster.task_indices("ps").Select(i => $"/job:ps/task:{i} at {options.Cluster.task_address("ps", i)}"));
        return new SampleException(
            $"{options.TaskName} cannot reach the parameter server: no answer from {ps} within operation_timeout_in_ms={options.OperationTimeoutMs} " +
            $"({e.Code}). Start the ps on that address (again, if it stopped), then restart the workers: the chief restores the latest " +
            $"checkpoint in {options.CheckpointDir}, or initializes the model if there is none. TensorFlow said: {e.Message}");
    }

    /// <summary>Session config of a worker: only the ps tasks and itself (so a lost peer worker never blocks it), bounded waits.</summary>
    public static ConfigProto WorkerConfig(DistributedOptions options)
    {
        var config = new ConfigProto { OperationTimeoutInMs = options.OperationTimeoutMs };
        config.DeviceFilters.Add("/job:ps");
        config.DeviceFilters.Add($"/job:worker/task:{options.Task}");
        return config;
    }

    /// <summary>The hooks every worker runs: StopAtStepHook(last_step), and the check that its graph agrees with the model on the ps.</summary>
    public static List<SessionRunHook> Hooks(DistributedOptions options) =>
        [new tf.train.StopAtStepHook(last_step: options.LastStep), new ModelAgreementHook(options.TaskName)];

    /// <summary>replica_device_setter for this worker, and a SyncReplicasOptimizer over all workers with --sync.</summary>
    public static ReplicaSetup Setup(DistributedOptions options)
    {
        var workers = options.Cluster.num_tasks("worker");
        var device = tf.train.replica_device_setter(worker_device: $"/job:worker/task:{options.Task}", cluster: options.Cluster)!;
        return new ReplicaSetup(device, options.Sync
            ? opt => tf.train.SyncReplicasOptimizer(opt, replicas_to_aggregate: workers, total_num_replicas: workers)
            : null);
    }
}

/// <summary>A sample that can train as one worker of a cluster.</summary>
public interface IDistributedTrainer
{
    string Name { get; }
    WorkerResult Train(string master, DistributedOptions options);
}

public static class DistributedSamples
{
    public static IReadOnlyList<IDistributedTrainer> All { get; } = [new GeronDnn.GeronDnnDistributed(), new ContribMlp.ContribMlpDistributed()];

    public static IDistributedTrainer Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SampleException($"'{name}' cannot train on a cluster; these can: {string.Join(", ", All.Select(t => t.Name))}.");
}
