using System.Diagnostics;
using System.Globalization;
using TfBnPort.Data;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples.BnVsNoBn;

/// <summary>
/// Seed 003 (<c>bn-vs-nobn</c>): two 784-100-100-10 tanh networks sharing their first layer, one
/// with a batch-statistics BN layer after it, trained one after the other (no BN first, as the
/// notebook shows its cells), accuracies on the whole training and test sets every 20 steps.
/// </summary>
public sealed class BnVsNoBnSample : ISample
{
    public const string SampleName = "bn-vs-nobn";
    public const string Bn = "bn";
    public const string NoBn = "no_bn";
    public const int LogEvery = 20;

    public string Name => SampleName;
    public string Title => "Two 784-100-100-10 tanh MLPs, BN (batch statistics) vs none, sigmoid cross-entropy, SGD (Russian notebook)";
    public string Document => "003_a7f895149fc85d43.txt";
    public SampleDefaults Defaults { get; } = new(Epochs: null, Steps: 1000, BatchSize: 100, Seed: null,
        StepsMeaning: "training steps of each network");

    public SampleResult Run(SampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log;
        var result = new SampleResult(Name, options.SampleDirectory(Name));
        if (options.Epochs is not null) log.WriteLine("[port] --epochs is not used by bn-vs-nobn (it counts steps: use --steps); ignored.");

        var mnist = InputData.ReadDataSets(oneHot: true, graphSeed: options.Seed, random: RunRandom.Create(options.Seed));
        var train = options.Limit is { } limit && limit < mnist.Train.NumExamples ? mnist.Train.Take(limit) : mnist.Train;
        var test = options.TestLimit is { } testLimit && testLimit < mnist.Test.NumExamples ? mnist.Test.Take(testLimit) : mnist.Test;
        var g = BnVsNoBnGraph.Build(options.Seed);
        var steps = options.Steps ?? Defaults.Steps!.Value;
        var batch = options.BatchSize ?? Defaults.BatchSize;

        // Not in the notebook: TensorBoard logs with the two networks as two runs (bn/..., no_bn/...), overlaid
        // as the notebook's plot overlays them.
        using var logs = SampleLogs.Open(options, result, "logs", mainSeries: "", $"{NoBn}/train", $"{NoBn}/test", $"{Bn}/train", $"{Bn}/test");
        // The notebook shows the no-BN cell first (executed later, In [15], than the BN cell, In [9]).
        foreach (var (network, train_op, accuracy_fun, loss_mean) in new[]
                 {
                     (NoBn, g.train_op!, g.accuracy, g.loss_mean!),
                     (Bn, g.train_op_bn!, g.accuracy_bn, g.loss_bn_mean!),
                 })
        {
            if (result.Interrupted) break;
            log.WriteLine($"[port] ---- {(network == Bn ? "with batch normalization (GradientDescent 0.01)" : "without normalization (GradientDescent 0.00001)")}");
            TrainNetwork(g, network, train_op, accuracy_fun, loss_mean, train, test, steps, batch, options, result, logs);
        }
        result.CheckpointPath = result.Checkpoints.GetValueOrDefault(Bn) ?? result.Checkpoints.GetValueOrDefault(NoBn);
        result.Explanation = BnVsNoBnExplanation.Write(result, steps);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static void TrainNetwork(BnVsNoBnGraph g, string network, Operation train_op, Tensor accuracy_fun, Tensor loss_mean,
        DataSet train, DataSet test, int steps, int batch, SampleOptions options, SampleResult result, SampleLogs? logs)
    {
        var log = options.Log;
        // обучение (training)
        Operation init;
        using (g.graph.as_default()) init = tf.global_variables_initializer();
        using var sess = tf.Session(g.graph);
        sess.run(init);
        logs?.AddGraph($"{network}/train", g.graph);
        var bnLayers = network == Bn ? new[] { g.BnLayer } : [];
        var traceStep = Math.Min(1, steps - 1);
        var i = 0;
        for (; i < steps; i++)
        {
            if (options.Cancellation.IsCancellationRequested) { result.Interrupted = true; break; }
            var (batch_xs, batch_ys) = train.NextBatch(batch);
            // sess.run(train_op, ...); batch loss and accuracy added for the progress bar (same forward pass).
            // For TensorBoard, the log steps also fetch the BN layer's tensors (same run, training unchanged); one step is traced.
            var histograms = logs is not null && (i + 1) % LogEvery == 0 && bnLayers.Length > 0;
            var fetches = new[] { loss_mean, accuracy_fun }.Concat(histograms ? bnLayers.SelectMany(l => l.Tensors) : []).ToArray();
            var metadata = logs is not null && i == traceStep ? new RunMetadata() : null;
            var values = sess.RunValues(fetches, new[] { train_op }, new FeedDict { { g.x, batch_xs }, { g.y, batch_ys } },
                metadata is null ? null : SampleLogs.FullTrace, metadata);
            if (histograms) logs!.Histograms($"{network}/train", i + 1, bnLayers, values[2..]);
            if (metadata is not null) logs!.Trace($"{network}/train", i + 1, metadata);
            options.Progress?.Report(new TrainingProgress(network.Replace('_', ' '), i + 1, steps, values[0].ToArray<float>()[0], values[1].ToArray<float>()[0]));

            if ((i + 1) % LogEvery == 0)
            {
                var acc_train = calc_accuracy(sess, g, train, accuracy_fun);
                var acc_test = calc_accuracy(sess, g, test, accuracy_fun);
                result.Add(network, i + 1, "train_accuracy", acc_train);
                result.Add(network, i + 1, "test_accuracy", acc_test);
                var now = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                log.WriteLine($"[{now}] Step {i + 1}, train accuracy {PyFormat.F(acc_train, 4)}, test accuracy {PyFormat.F(acc_test, 4)}");
            }
        }
        var save_path = Path.Combine(result.OutputDirectory, network + ".ckpt");
        g.saver.save(sess, save_path);
        result.Checkpoints[network] = save_path;
        if (result.Interrupted)
        {
            log.WriteLine($"[port] Interrupted at step {i} of {steps}; the {network.Replace('_', ' ')} network of that step is saved in {save_path}.");
            return;
        }
        result.AddAccuracy(network, "train", calc_accuracy(sess, g, train, accuracy_fun), train.NumExamples);
        result.AddAccuracy(network, "test", calc_accuracy(sess, g, test, accuracy_fun), test.NumExamples);
    }

    /// <summary>The notebook's calc_accuracy: the whole split in one run (so the BN layer normalizes with that split's statistics).</summary>
    public static float calc_accuracy(Session session, BnVsNoBnGraph g, DataSet ds, Tensor accuracy_fun)
    {
        var accuracy_calc = session.run(accuracy_fun, new FeedDict { { g.x, ds.Images }, { g.y, ds.Labels } });
        return accuracy_calc.GetSingle();
    }

    public EvalResult Evaluate(string checkpoint, SampleOptions options)
    {
        var prefix = CheckpointArgument.Resolve(checkpoint);
        var g = BnVsNoBnGraph.Build(seed: null, withTraining: false);
        using var sess = tf.Session(g.graph);
        g.saver.restore(sess, prefix); // before loading the data, so a bad path fails fast
        var mnist = InputData.ReadDataSets(oneHot: true, graphSeed: options.Seed, random: RunRandom.Create(options.Seed));
        var test = options.TestLimit is { } n && n < mnist.Test.NumExamples ? mnist.Test.Take(n) : mnist.Test;
        // A run saves each network after its own training (no_bn.ckpt, bn.ckpt); the other head holds other weights.
        var file = Path.GetFileName(prefix);
        var heads = file.StartsWith(NoBn, StringComparison.Ordinal) ? new[] { NoBn }
            : file.StartsWith(Bn, StringComparison.Ordinal) ? new[] { Bn } : new[] { Bn, NoBn };
        var accuracies = heads.Select(h => new FinalAccuracy(h, "test", calc_accuracy(sess, g, test, h == Bn ? g.accuracy_bn : g.accuracy), test.NumExamples)).ToList();
        return new EvalResult(Name, prefix, accuracies,
            "The BN layer normalizes with the statistics of the batch it is given, here the whole test set (as the notebook evaluates). " +
            (heads.Length == 2 ? "The checkpoint's name does not say which network it trained (bn.ckpt / no_bn.ckpt), so both heads are shown." : ""));
    }
}
