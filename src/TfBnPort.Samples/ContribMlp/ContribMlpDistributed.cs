using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.ContribMlp;

/// <summary>
/// contrib-mlp (as intended: the optimizer under control_dependencies(UPDATE_OPS)) as one worker of a
/// between-graph replicated run: the same graph under replica_device_setter, its learning rate
/// decayed on the shared global_step. The document walks the training set in order
/// (offset = step·batch_size mod (N − batch_size)); here worker i takes every W-th batch of that walk,
/// starting at its i-th, so the workers see different batches.
/// </summary>
public sealed class ContribMlpDistributed : IDistributedTrainer
{
    public string Name => ContribMlpSample.SampleName;

    public WorkerResult Train(string master, DistributedOptions options)
    {
        var data = ContribMlpData.Load(TextWriter.Null, options.Limit, options.TestLimit);
        var batch_size = options.BatchSize ?? 64;
        var rows = Rows.Count(data.train_X);
        if (rows <= batch_size)
            throw new SampleException($"contrib-mlp: --limit ({rows}) must be larger than the batch size ({batch_size}): the document's offset is step*batch_size % (N - batch_size).");
        var g = ContribMlpGraph.Build(data, batch_size, options.Seed, runUpdateOps: true, replica: DistributedTask.Setup(options));
        var hooks = DistributedTask.Hooks(options);
        if (g.train_optimizer is SyncReplicasOptimizer sync)
            using (g.graph.as_default()) hooks.Add(sync.make_session_run_hook(options.IsChief));
        var workers = options.Cluster.num_tasks("worker");
        var meter = new WorkerMeter(options);
        string? checkpoint = null;
        long globalStep = 0;
        using (g.graph.as_default())
        {
            var checkpoints = options.IsChief ? new tf.train.CheckpointSaverHook(options.CheckpointDir, save_steps: options.SaveCheckpointSteps, saver: g.saver) : null;
            using (var sess = tf.train.MonitoredTrainingSession(master, options.IsChief, options.CheckpointDir,
                       new tf.train.Scaffold(saver: g.saver), hooks, checkpoints is null ? null : new[] { checkpoints },
                       save_checkpoint_secs: 0, config: DistributedTask.WorkerConfig(options),
                       stop_grace_period_secs: 10, max_wait_secs: options.MaxWaitSecs, log: options.Log.WriteLine))
            {
                while (!sess.should_stop() && !options.Cancellation.IsCancellationRequested)
                {
                    var offset = ((meter.Steps * workers + options.Task) * batch_size) % (rows - batch_size);
                    var feed_dict = new FeedDict
                    {
                        { g.tf_train_X, Rows.Slice(data.train_X, (int)offset, (int)offset + batch_size) },
                        { g.tf_train_y, Rows.Slice(data.train_y, (int)offset, (int)offset + batch_size) },
                        { g.keep_prob, 0.6f },
                    };
                    var outputs = meter.Run(sess, new object[] { g.optimizer, g.train_loss, g.global_step.Snapshot }, feed_dict);
                    globalStep = ((NDArray)outputs[2]!).GetInt64() + 1;
                    meter.Step(batch_size, globalStep, ((NDArray)outputs[1]!).GetSingle());
                }
            }
            checkpoint = checkpoints?.Saved.LastOrDefault();
        }
        return meter.Result(globalStep, checkpoint);
    }
}
