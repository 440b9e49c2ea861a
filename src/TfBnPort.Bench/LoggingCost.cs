using System.Diagnostics;
using TfBnPort.Samples;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow.Summary;
using ProtoSummary = TfBnPort.Tensorflow.Protos.Summary;

namespace TfBnPort.Bench;

/// <summary>What TensorBoard logging costs: a geron-dnn epoch with its default summaries vs without, and the event writer's rate.</summary>
public static class LoggingCost
{
    /// <summary>
    /// Trains geron-dnn for one epoch (the first <paramref name="limit"/> digits, null: all 55,000) with and
    /// without logs, alternating, <paramref name="rounds"/> times each; times the training loop only
    /// (first to last step, including the histogram fetches, the traced step and the writers), not data loading.
    /// </summary>
    public static IEnumerable<BenchRow> Epoch(int? limit, int rounds)
    {
        var with = new List<double>();
        var without = new List<double>();
        var output = Path.Combine(Path.GetTempPath(), "tfbnport-bench-logs-" + Guid.NewGuid().ToString("N"));
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                without.Add(TrainOneEpoch(limit, output, summaries: false));
                with.Add(TrainOneEpoch(limit, output, summaries: true));
            }
        }
        finally
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { }
        }
        var (w, wo) = (Median(with), Median(without));
        yield return new BenchRow("TensorBoard logging", "geron-dnn epoch without summaries", wo, "s");
        yield return new BenchRow("TensorBoard logging", "geron-dnn epoch with its default summaries", w, "s", wo, "without",
            $"{(w / wo - 1) * 100:+0.0;-0.0}% (goal ≤ 5%); median of {rounds} alternating rounds, {(limit is null ? "55,000" : limit.Value.ToString("N0"))} digits");
    }

    private static double TrainOneEpoch(int? limit, string output, bool summaries)
    {
        var first = TimeSpan.Zero;
        var last = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var progress = new Progress(p =>
        {
            if (p.Step == 1) first = clock.Elapsed;
            last = clock.Elapsed;
        });
        new GeronDnnSample().Run(new SampleOptions
        {
            Epochs = 1, Limit = limit, TestLimit = 1000, OutputDir = output, Log = TextWriter.Null, Summaries = summaries, Progress = progress,
        });
        return (last - first).TotalSeconds;
    }

    /// <summary>FileWriter events per second: scalar summaries added and written (Python's default queue of 10), close included.</summary>
    public static IEnumerable<BenchRow> WriterThroughput(int events)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tfbnport-bench-writer-" + Guid.NewGuid().ToString("N"));
        try
        {
            var summary = new ProtoSummary();
            summary.Value.Add(new ProtoSummary.Types.Value { Tag = "loss", SimpleValue = 0.5f });
            var clock = Stopwatch.StartNew();
            using (var writer = new FileWriter(dir))
                for (var i = 0; i < events; i++) writer.add_summary(summary, i);
            var seconds = clock.Elapsed.TotalSeconds;
            yield return new BenchRow("TensorBoard logging", "FileWriter throughput (scalar events)", events / seconds, "events/s",
                Note: $"{events:N0} events, max_queue 10, written through the background thread, close included");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>An IProgress that reports on the training thread (System.Progress would post to the thread pool).</summary>
    private sealed class Progress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
