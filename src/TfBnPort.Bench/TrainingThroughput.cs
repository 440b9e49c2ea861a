using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Bench;

/// <summary>Examples per second of each sample's training step: the TF1 facade vs the native layer, and by thread count.</summary>
public static class TrainingThroughput
{
    public static IEnumerable<BenchRow> Measure(MnistData data, int steps, int warmup)
    {
        foreach (var name in SampleSteps.Names)
        {
            var peak = new PeakWorkingSet();
            using var step = SampleSteps.Build(name, new ConfigProto(), data);
            var native = step.NativeRunner();
            // Interleave facade and native blocks so drift in machine load hits both alike; each block
            // lasts about half a second (fast steps get more calls), so timer and scheduler noise averages out.
            for (var i = 0; i < warmup; i++) { step.RunFacade(); native(); }
            var estimate = Stopwatches.SecondsPerCall(native, 3, repeats: 1);
            var calls = Math.Clamp((int)Math.Ceiling(0.5 / estimate), steps, 5000);
            // Each round times the facade then the native layer back to back; the median of the rounds'
            // ratios resists the bursts of noise a shared virtual machine has.
            const int rounds = 7;
            var facadeTimes = new double[rounds];
            var nativeTimes = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                facadeTimes[round] = Stopwatches.SecondsPerCall(step.RunFacade, calls, repeats: 1);
                nativeTimes[round] = Stopwatches.SecondsPerCall(native, calls, repeats: 1);
            }
            var ratio = Median(facadeTimes.Zip(nativeTimes, (f, n) => f / n));
            var floor = step.BatchSize / Median(nativeTimes);
            var facade = floor / ratio;
            peak.Dispose();
            yield return new BenchRow("memory", $"peak working set while building and training {name}", peak.PeakMegabytes, "MB",
                Note: "sampled every 10 ms; includes MNIST loaded once for the whole bench");
            yield return new BenchRow("training throughput", $"{name}: native layer (floor)", floor, "examples/s");
            yield return new BenchRow("training throughput", $"{name}: TF1 facade", facade, "examples/s", floor, "native",
                $"overhead {(ratio - 1) * 100:F1}% of step time (median of {rounds} paired rounds)");
        }
    }

    /// <summary>The same step (geron-dnn) with intra-op threads 1, 2 and TensorFlow's default.</summary>
    public static IEnumerable<BenchRow> Threads(MnistData data, int steps, int warmup)
    {
        double? one = null;
        foreach (var (label, threads) in new[] { ("1 intra-op thread", 1), ("2 intra-op threads", 2), ("default threads", 0) })
        {
            using var step = SampleSteps.Build("geron-dnn", new ConfigProto { IntraOpParallelismThreads = threads, InterOpParallelismThreads = threads }, data);
            var seconds = Stopwatches.SecondsPerCall(step.RunFacade, steps, repeats: 3, warmup: warmup);
            var rate = step.BatchSize / seconds;
            one ??= rate;
            yield return new BenchRow("threads (geron-dnn step)", label, rate, "examples/s", threads == 1 ? null : one, "1 thread");
        }
    }

    /// <summary>bn-vs-nobn's evaluation pass (accuracy over all 55k training + 10k test digits), per log line.</summary>
    public static IEnumerable<BenchRow> BnVsNoBnEvaluation(MnistData data, int repeats)
    {
        var g = BnVsNoBnGraph.Build(seed: 1);
        using var graph = g.graph;
        using var _ = graph.as_default();
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var ds = data.ReadDataSets;
        var seconds = Stopwatches.SecondsPerCall(() =>
        {
            BnVsNoBnSample.calc_accuracy(sess, g, ds.Train, g.accuracy_bn);
            BnVsNoBnSample.calc_accuracy(sess, g, ds.Test, g.accuracy_bn);
        }, 1, repeats, warmup: 1);
        yield return new BenchRow("bn-vs-nobn evaluation", "train (55k) + test (10k) accuracy, one log line", seconds, "s", 0.35, "document (Colab, 2019)");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
