using NumSharp;
using TfBnPort.Data;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.GeronDnn;

/// <summary>
/// geron-dnn as one worker of a between-graph replicated run: the same graph, built under
/// replica_device_setter with a global_step; each worker shuffles the training set with its own seed
/// (seed + task) and runs [training_op, extra_update_ops] as the document does, so the BN moving
/// averages on the ps are updated by every worker.
/// </summary>
public sealed class GeronDnnDistributed : IDistributedTrainer
{
    public string Name => GeronDnnSample.SampleName;

    public WorkerResult Train(string master, DistributedOptions options)
    {
        var seed = options.Seed ?? 42;
        var data = GeronDnnData.Load(options.Limit, options.TestLimit);
        var g = GeronDnnGraph.Build(seed, replica: DistributedTask.Setup(options));
        var batch_size = options.BatchSize ?? 200;
        if (Rows.Count(data.X_train) < batch_size)
            throw new SampleException($"geron-dnn: batch size {batch_size} is larger than the {Rows.Count(data.X_train)} training examples; lower --batch-size or raise --limit.");
        List<object> extra_update_ops;
        var hooks = DistributedTask.Hooks(options);
        using (g.Graph.as_default())
        {
            extra_update_ops = tf.get_collection(GraphKeys.UPDATE_OPS);
            if (g.optimizer is SyncReplicasOptimizer sync) hooks.Add(sync.make_session_run_hook(options.IsChief));
        }
        var np_random = RunRandom.Create(seed + options.Task);
        var meter = new WorkerMeter(options);
        string? checkpoint = null;
        long globalStep = 0;
        using (g.Graph.as_default())
        {
            var checkpoints = options.IsChief ? new tf.train.CheckpointSaverHook(options.CheckpointDir, save_steps: options.SaveCheckpointSteps, saver: g.saver, log: options.Log.WriteLine) : null;
            using (var sess = tf.train.MonitoredTrainingSession(master, options.IsChief, options.CheckpointDir,
                       new tf.train.Scaffold(saver: g.saver), hooks, checkpoints is null ? null : new[] { checkpoints },
                       save_checkpoint_secs: 0, config: DistributedTask.WorkerConfig(options),
                       stop_grace_period_secs: 10, max_wait_secs: options.MaxWaitSecs, log: options.Log.WriteLine))
            {
                while (!sess.should_stop() && !options.Cancellation.IsCancellationRequested)
                    foreach (var (X_batch, y_batch) in Batches.ShuffleBatch(data.X_train, data.y_train, batch_size, np_random))
                    {
                        if (sess.should_stop() || options.Cancellation.IsCancellationRequested) break;
                        var outputs = meter.Run(sess, new object[] { g.training_op!, extra_update_ops, g.loss, g.global_step!.Snapshot },
                            new FeedDict { { g.training, true }, { g.X, X_batch }, { g.y, y_batch } });
                        globalStep = ((NDArray)outputs[3]!).GetInt64() + 1;
                        meter.Step(Rows.Count(X_batch), globalStep, ((NDArray)outputs[2]!).GetSingle());
                    }
            }
            checkpoint = checkpoints?.Saved.LastOrDefault();
        }
        return meter.Result(globalStep, checkpoint);
    }
}
