using System.Diagnostics;
using NumSharp;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples.ContribMlp;

/// <summary>
/// Seed 000 (<c>contrib-mlp</c>): the 784-1024-10 MLP with tf.contrib.layers.batch_norm after
/// every layer, trained twice: as written (UPDATE_OPS never run) and as intended (the optimizer
/// built under tf.control_dependencies(UPDATE_OPS)).
/// </summary>
public sealed class ContribMlpSample : ISample
{
    public const string SampleName = "contrib-mlp";
    public const string AsWritten = "as_written";
    public const string AsIntended = "as_intended";

    public string Name => SampleName;
    public string Title => "784-1024-10 MLP: tf.contrib.layers.batch_norm(decay 0.9) + ReLU + dropout 0.6, Adam 0.001 decayed (SO docs, French)";
    public string Document => "000_b2776882f8b22eb7.txt";
    public SampleDefaults Defaults { get; } = new(Epochs: null, Steps: 1000, BatchSize: 64, Seed: null,
        StepsMeaning: "num_steps, training steps over the whole run (per variant)");

    public SampleResult Run(SampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log;
        var result = new SampleResult(Name, options.SampleDirectory(Name));
        if (options.Epochs is not null) log.WriteLine("[port] --epochs is not used by contrib-mlp (it counts steps: use --steps); ignored.");
        var data = ContribMlpData.Load(log, options.Limit, options.TestLimit);
        var batch_size = options.BatchSize ?? Defaults.BatchSize;
        var num_steps = options.Steps ?? Defaults.Steps!.Value;
        if (Rows.Count(data.train_X) <= batch_size)
            throw new SampleException($"contrib-mlp: --limit must be larger than the batch size ({batch_size}): the document's offset is step*batch_size % (N - batch_size).");

        // Not in the document: TensorBoard logs, one run per variant and split (as_written/train, as_intended/valid...).
        using var logs = SampleLogs.Open(options, result, "logs", mainSeries: "",
            $"{AsWritten}/train", $"{AsWritten}/valid", $"{AsIntended}/train", $"{AsIntended}/valid");
        foreach (var (variant, runUpdateOps) in new[] { (AsWritten, false), (AsIntended, true) })
        {
            if (result.Interrupted) break;
            log.WriteLine($"[port] ---- {variant.Replace('_', ' ')}: {(runUpdateOps ? "optimizer under tf.control_dependencies(UPDATE_OPS)" : "the document's graph, UPDATE_OPS never run")}");
            TrainVariant(variant, runUpdateOps, data, batch_size, num_steps, options, result, logs);
        }
        result.CheckpointPath = result.Checkpoints.GetValueOrDefault(AsIntended) ?? result.Checkpoints.GetValueOrDefault(AsWritten);
        result.Explanation = ContribMlpExplanation.Write(result);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static void TrainVariant(string variant, bool runUpdateOps, ContribMlpData data, int batch_size, int num_steps,
        SampleOptions options, SampleResult result, SampleLogs? logs)
    {
        var log = options.Log;
        var g = ContribMlpGraph.Build(data, batch_size, options.Seed, runUpdateOps);
        var (train_X, train_y) = (data.train_X, data.train_y);
        var phase = variant.Replace('_', ' ');

        // Commencer une session
        using var session = tf.Session(g.graph);
        session.run(g.init);
        logs?.AddGraph($"{variant}/train", g.graph);
        var traceStep = Math.Min(1, num_steps - 1);
        var step = 0;
        for (; step < num_steps; step++)
        {
            if (options.Cancellation.IsCancellationRequested) { result.Interrupted = true; break; }
            var offset = (step * batch_size) % (Rows.Count(train_y) - batch_size);
            var batch_X = Rows.Slice(train_X, offset, offset + batch_size);
            var batch_y = Rows.Slice(train_y, offset, offset + batch_size);
            var feed_dict = new FeedDict { { g.tf_train_X, batch_X }, { g.tf_train_y, batch_y }, { g.keep_prob, 0.6f } };
            // The extract cuts `session.run(` out of this line.
            // For TensorBoard, the log steps also fetch the BN layers' tensors (same run: nothing computed
            // twice, the training unchanged) and one step is traced.
            var fetches = new List<object> { g.optimizer, g.train_loss, g.train_accuracy };
            var histograms = logs is not null && step % 50 == 0;
            if (histograms) fetches.AddRange(g.BnLayers.SelectMany(l => l.Tensors));
            var metadata = logs is not null && step == traceStep ? new RunMetadata() : null;
            var outputs = (object?[])session.run(fetches, feed_dict, metadata is null ? null : SampleLogs.FullTrace, metadata)!;
            var (tloss, tacc) = (((NDArray)outputs[1]!).GetSingle(), ((NDArray)outputs[2]!).GetSingle());
            if (histograms) logs!.Histograms($"{variant}/train", step, g.BnLayers, outputs[3..].Select(o => TensorValue.From(o!)).ToList());
            if (metadata is not null) logs!.Trace($"{variant}/train", step, metadata);
            options.Progress?.Report(new TrainingProgress(phase, step + 1, num_steps, tloss, tacc));
            if (step % 50 == 0)
            {
                // only evaluate validation accuracy every 50 steps to speed up training
                var vacc = session.run(g.valid_accuracy, new FeedDict { { g.keep_prob, 1.0f } }).GetSingle();
                var lr = g.learning_rate.eval(session).GetSingle();
                // NumPy float32 scalars: tacc*100 is computed in float32, then formatted.
                log.WriteLine($"Epoch: {step}:\tLoss: {PyFormat.F(tloss)}\t\tTrain Acc: {PyFormat.F(tacc * 100f, 2)}%\t" +
                              $"Valid Acc: {PyFormat.F(vacc * 100f, 0, 2)}%\tLearning rate: {PyFormat.F(lr, 6)}");
                result.Add(variant, step, "loss", tloss);
                result.Add(variant, step, "train_accuracy", tacc);
                result.Add(variant, step, "valid_accuracy", vacc);
                result.Add(variant, step, "learning_rate", lr);
            }
        }

        var save_path = Path.Combine(result.OutputDirectory, variant, "model.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(save_path)!);
        g.saver.save(session, save_path); // added: the document saves nothing
        result.Checkpoints[variant] = save_path;
        if (result.Interrupted)
        {
            log.WriteLine($"[port] Interrupted at step {step} of {num_steps}; the model of that step is saved in {save_path}.");
            return;
        }
        log.WriteLine("Finished training");
        // `session.run([test_accuracy], ...)` returns a list, and "%4f" % (list*100) raises TypeError in
        // Python; its one element is what the line means to print.
        var testAcc = session.run(new[] { g.test_accuracy }, new FeedDict { { g.keep_prob, 1.0f } })[0].GetSingle();
        log.WriteLine($"Test accuracy: {PyFormat.F(testAcc * 100f, 6, 4)}%");
        var validAcc = session.run(g.valid_accuracy, new FeedDict { { g.keep_prob, 1.0f } }).GetSingle();
        log.WriteLine($"[port] final validation accuracy {PyFormat.F(validAcc * 100f, 2)}%");
        result.AddAccuracy(variant, "validation", validAcc, Rows.Count(data.valid_X));
        result.AddAccuracy(variant, "test", testAcc, Rows.Count(data.test_X));
    }

    public EvalResult Evaluate(string checkpoint, SampleOptions options)
    {
        var prefix = CheckpointArgument.Resolve(checkpoint);
        var (graph, X, y, keep_prob, accuracy, saver) = ContribMlpGraph.BuildInference();
        using var session = tf.Session(graph);
        saver.restore(session, prefix); // before loading the data, so a bad path fails fast
        var data = ContribMlpData.Load(TextWriter.Null, limit: 0, options.TestLimit);
        var test = session.run(accuracy, new FeedDict { { X, data.test_X }, { y, data.test_y }, { keep_prob, 1.0f } }).GetSingle();
        return new EvalResult(Name, prefix, [new FinalAccuracy("restored", "test", test, Rows.Count(data.test_X))],
            "Inference graph (is_training=False): batch_norm normalizes with the restored moving_mean/moving_variance. " +
            "A checkpoint of the as-written run still holds their initial 0 and 1.");
    }
}
