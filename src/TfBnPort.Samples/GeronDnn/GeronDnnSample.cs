using System.Diagnostics;
using NumSharp;
using TfBnPort.Data;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples.GeronDnn;

/// <summary>
/// Seed 002 (<c>geron-dnn</c>): Géron's batch-normalized 784-300-100-10 DNN trained with plain
/// gradient descent, the UPDATE_OPS run beside the training op, validation accuracy per epoch.
/// </summary>
public sealed class GeronDnnSample : ISample
{
    public const string SampleName = "geron-dnn";

    public string Name => SampleName;
    public string Title => "784-300-100-10 DNN: He init, tf.layers.batch_normalization(momentum 0.9) + ELU, SGD 0.01 (Géron ch. 11)";
    public string Document => "002_722b5684c418be16.txt";
    public SampleDefaults Defaults { get; } = new(Epochs: 20, Steps: null, BatchSize: 200, Seed: 42,
        StepsMeaning: "not used (an epoch is len(X_train) // batch_size batches)");

    /// <summary>The document's checkpoint file name (it saved under ./tf_logs/run-2019012801001/).</summary>
    public const string CheckpointName = "tensorflowmodel01normalization.ckpt";

    public SampleResult Run(SampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log;
        var result = new SampleResult(Name, options.SampleDirectory(Name));
        if (options.Steps is not null) log.WriteLine("[port] --steps is not used by geron-dnn (it trains whole epochs); ignored.");

        // reset_graph(): tf.reset_default_graph(); tf.set_random_seed(42); np.random.seed(42)
        var seed = options.Seed ?? Defaults.Seed;
        var np_random = RunRandom.Create(seed);
        var (X_train, y_train, X_valid, y_valid, X_test, y_test) = GeronDnnData.Load(options.Limit, options.TestLimit);
        var g = GeronDnnGraph.Build(seed);

        var n_epochs = options.Epochs ?? Defaults.Epochs!.Value;
        var batch_size = options.BatchSize ?? Defaults.BatchSize;
        var n_batches = Rows.Count(X_train) / batch_size;
        if (n_batches == 0)
            throw new SampleException($"geron-dnn: batch size {batch_size} is larger than the {Rows.Count(X_train)} training examples; lower --batch-size or raise --limit.");

        List<object> extra_update_ops;
        using (g.Graph.as_default()) extra_update_ops = tf.get_collection(GraphKeys.UPDATE_OPS);
        var save_path = Path.Combine(result.OutputDirectory, CheckpointName);

        // Not in the document's listing (its chapter logs with tf.summary.FileWriter into tf_logs/run-{now}).
        using var logs = SampleLogs.Open(options, result, SampleLogs.TimestampedRun(), "train", "train", "valid");
        logs?.AddGraph("train", g.Graph);
        using var sess = tf.Session(g.Graph);
        sess.run(g.init);
        var done = 0;
        var traceStep = Math.Min(2, n_epochs * n_batches);
        for (var epoch = 0; epoch < n_epochs && !result.Interrupted; epoch++)
        {
            double lossSum = 0, accSum = 0;
            var batches = 0;
            foreach (var (X_batch, y_batch) in Batches.ShuffleBatch(X_train, y_train, batch_size, np_random))
            {
                if (options.Cancellation.IsCancellationRequested) { result.Interrupted = true; break; }
                // The document runs [training_op, extra_update_ops]; loss and accuracy come from the same
                // forward pass (added for the progress bar, they change nothing).
                // For TensorBoard, the first batch of each epoch also fetches the BN layers' tensors (the same
                // run, so nothing is computed twice) and one step is traced; neither changes the training.
                var fetches = new List<object> { g.training_op!, extra_update_ops, g.loss, g.accuracy };
                var histograms = logs is not null && batches == 0;
                if (histograms) fetches.AddRange(g.BnLayers.SelectMany(l => l.Tensors));
                var metadata = logs is not null && done + 1 == traceStep ? new RunMetadata() : null;
                var outputs = (object?[])sess.run(fetches, new FeedDict { { g.training, true }, { g.X, X_batch }, { g.y, y_batch } },
                    metadata is null ? null : SampleLogs.FullTrace, metadata)!;
                var (loss, acc) = (((NDArray)outputs[2]!).GetSingle(), ((NDArray)outputs[3]!).GetSingle());
                if (histograms) logs!.Histograms("train", epoch, g.BnLayers, outputs[4..].Select(o => TensorValue.From(o!)).ToList());
                if (metadata is not null) logs!.Trace("train", done + 1, metadata);
                lossSum += loss;
                accSum += acc;
                batches++;
                done++; // counted outside the ?. call, which skips its arguments when there is no progress listener
                options.Progress?.Report(new TrainingProgress("train", done, n_epochs * n_batches, loss, acc));
            }
            if (result.Interrupted) break;
            var accuracy_val = g.accuracy.eval(sess, new FeedDict { { g.X, X_valid }, { g.y, y_valid } }).GetSingle();
            log.WriteLine($"{epoch} {PyFormat.Str(accuracy_val)}");
            result.Add("train", epoch, "valid_accuracy", accuracy_val);
            result.Add("train", epoch, "train_loss", lossSum / batches);
            result.Add("train", epoch, "train_accuracy", accSum / batches);
            g.saver.save(sess, save_path);
        }
        if (result.Interrupted)
        {
            g.saver.save(sess, save_path);
            log.WriteLine($"[port] Interrupted after {done} training steps; the model of that step is saved in {save_path}.");
        }
        else
        {
            // Not in the document: the final validation accuracy again, and the test accuracy it never measures.
            var valid = result.Metrics.Last(m => m.Metric == "valid_accuracy").Value;
            result.AddAccuracy("trained", "validation", valid, Rows.Count(X_valid));
            var test = g.accuracy.eval(sess, new FeedDict { { g.X, X_test }, { g.y, y_test } }).GetSingle();
            result.AddAccuracy("trained", "test", test, Rows.Count(X_test));
            log.WriteLine($"[port] test accuracy {PyFormat.F(test, 4)} on {Rows.Count(X_test)} test digits");
        }
        result.CheckpointPath = save_path;
        result.Checkpoints["trained"] = save_path;
        result.Explanation =
            "The moving means and variances are updated because the document fetches tf.get_collection(tf.GraphKeys.UPDATE_OPS) " +
            "in the same sess.run as the training op, so the evaluation graph (training=False) normalizes with population " +
            "statistics; with reset_graph's seed 42 the document printed validation accuracies 0.8952 after the first epoch and 0.9742 after the twentieth.";
        result.Elapsed = clock.Elapsed;
        return result;
    }

    public EvalResult Evaluate(string checkpoint, SampleOptions options)
    {
        var prefix = CheckpointArgument.Resolve(checkpoint);
        var g = GeronDnnGraph.Build(seed: null, withTraining: false);
        using var sess = tf.Session(g.Graph);
        g.saver.restore(sess, prefix); // before loading the data, so a bad path fails fast
        var data = GeronDnnData.Load(limit: 0, options.TestLimit);
        var test = g.accuracy.eval(sess, new FeedDict { { g.X, data.X_test }, { g.y, data.y_test } }).GetSingle();
        return new EvalResult(Name, prefix, [new FinalAccuracy("restored", "test", test, Rows.Count(data.X_test))],
            "Inference graph (training=False): batch norm uses the restored moving means and variances.");
    }
}
