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
    /// Trains geron-dnn for two epochs (each the first <paramref name="limit"/> digits, null: all 55,000) with
    /// and without logs, alternating, <paramref name="rounds"/> times each, and times the second epoch: from
    /// the first epoch's last step to the second's, so it holds everything logging adds to an epoch (the
    /// epoch-end scalars, the histogram fetch, its summary run and the writers) but not data loading.
    /// The once-per-run costs (the summary graph's first run, the one FULL_TRACE step, the executor for the
    /// histogram fetch) fall in the first epoch, reported on its own row: a 20-epoch run pays them once.
    /// </summary>
    public static IEnumerable<BenchRow> Epoch(int? limit, int rounds)
    {
        var with = new List<(double First, double Second)>();
        var without = new List<(double First, double Second)>();
        var output = Path.Combine(Path.GetTempPath(), "tfbnport-bench-logs-" + Guid.NewGuid().ToString("N"));
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                without.Add(TrainTwoEpochs(limit, output, summaries: false));
                with.Add(TrainTwoEpochs(limit, output, summaries: true));
            }
        }
        finally
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { }
        }
        var digits = limit is null ? "55,000" : limit.Value.ToString("N0");
        var (w, wo) = (Stopwatches.Median(with.Select(t => t.Second)), Stopwatches.Median(without.Select(t => t.Second)));
        yield return new BenchRow("TensorBoard logging", "geron-dnn epoch without summaries", wo, "s");
        yield return new BenchRow("TensorBoard logging", "geron-dnn epoch with its default summaries", w, "s", wo, "without",
            $"{(w / wo - 1) * 100:+0.0;-0.0}% (goal ≤ 5%); 2nd epoch, median of {rounds} alternating rounds, {digits} digits");
        var (w1, wo1) = (Stopwatches.Median(with.Select(t => t.First)), Stopwatches.Median(without.Select(t => t.First)));
        yield return new BenchRow("TensorBoard logging", "geron-dnn 1st epoch with summaries (once-per-run costs)", w1, "s", wo1, "without",
            $"{(w1 - wo1) * 1000:+0;-0} ms: the traced step, the summary graph's first run, one more executor; steps 2..end, median of {rounds}");
    }

    /// <summary>Seconds of the first epoch (steps 2..last: step 1 builds the session's executors) and of the second.</summary>
    private static (double First, double Second) TrainTwoEpochs(int? limit, string output, bool summaries)
    {
        var (first, endOfFirst, last) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        var progress = new Progress(p =>
        {
            if (p.Step == 1) first = clock.Elapsed;
            if (p.Step == p.Total / 2) endOfFirst = clock.Elapsed;
            last = clock.Elapsed;
        });
        new GeronDnnSample().Run(new SampleOptions
        {
            Epochs = 2, Limit = limit, TestLimit = 1000, OutputDir = output, Log = TextWriter.Null, Summaries = summaries, Progress = progress,
        });
        return ((endOfFirst - first).TotalSeconds, (last - endOfFirst).TotalSeconds);
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

    /// <summary>An IProgress that reports on the training thread (System.Progress would post to the thread pool).</summary>
    private sealed class Progress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
