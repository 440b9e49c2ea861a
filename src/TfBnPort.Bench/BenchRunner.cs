using System.Text.Json;
using TfBnPort.Tensorflow;

namespace TfBnPort.Bench;

/// <summary>Runs every bench figure (full or tiny setting) and writes the JSON report.</summary>
public static class BenchRunner
{
    /// <param name="LogEpochLimit">Digits of the geron-dnn epoch timed with and without logs (null: all 55,000).</param>
    public sealed record Settings(string Name, int RunCalls, int LeakCalls, int TrainSteps, int Warmup, int BnRepeats, int EvalRepeats,
        int? LogEpochLimit, int LogRounds, int WriterEvents, int ClusterSteps)
    {
        public static Settings Full { get; } = new("full", 20_000, 100_000, 30, 5, 10, 3, null, 3, 100_000, 200);
        public static Settings Tiny { get; } = new("tiny", 200, 1_000, 2, 1, 1, 1, 400, 1, 1_000, 10);
    }

    /// <summary>The groups `bench --only` selects from, in the order they run ("distributed" comes from the console's extra figures).</summary>
    public static IReadOnlyList<string> Groups { get; } =
        ["overhead", "training", "threads", "evaluation", "memory", "bn-kernels", "logging", "interchange", "distributed"];

    /// <summary>The first of <paramref name="groups"/> that is not one of <see cref="Groups"/>, else null.</summary>
    public static string? UnknownGroup(IEnumerable<string> groups) => groups.FirstOrDefault(g => !Groups.Contains(g));

    /// <summary>A figure measured outside this library (the console adds the loopback cluster's, which needs child processes).</summary>
    public delegate IEnumerable<BenchRow> ExtraFigures(MnistData data, Settings settings);

    /// <param name="extra">Figures measured outside this library, each under one of <see cref="Groups"/>.</param>
    /// <param name="only">The groups to measure (see <see cref="Groups"/>); null measures them all.</param>
    public static BenchReport Run(Settings settings, Action<string>? progress = null,
        IReadOnlyList<(string Group, string What, ExtraFigures Measure)>? extra = null, IReadOnlyCollection<string>? only = null)
    {
        if (only is not null && UnknownGroup(only) is { } unknown)
            throw new ArgumentException($"Unknown bench group '{unknown}'; the groups are: {string.Join(", ", Groups)}.", nameof(only));
        var rows = new List<BenchRow>();
        MnistData? mnist = null;
        MnistData Data() => mnist ??= new MnistData();
        void Add(string group, string what, Func<IEnumerable<BenchRow>> figures)
        {
            if (only is not null && !only.Contains(group)) return;
            progress?.Invoke(what);
            rows.AddRange(figures());
        }
        Add("overhead", "session.run overhead", () => SessionRunOverhead.Measure(settings.RunCalls));
        Add("training", "training throughput", () => TrainingThroughput.Measure(Data(), settings.TrainSteps, settings.Warmup));
        Add("threads", "threads", () => TrainingThroughput.Threads(Data(), settings.TrainSteps, settings.Warmup));
        Add("evaluation", "bn-vs-nobn evaluation pass", () => TrainingThroughput.BnVsNoBnEvaluation(Data(), settings.EvalRepeats));
        Add("memory", "memory", () => SessionRunOverhead.MemoryGrowth(settings.LeakCalls));
        Add("bn-kernels", "BN kernels [200 × 300]", () => BatchNormKernelTiming.Measure(new[] { 200, 300 }, settings.BnRepeats * 5));
        Add("bn-kernels", "BN kernels [64 × 28 × 28 × 32]", () => BatchNormKernelTiming.Measure(new[] { 64, 28, 28, 32 }, settings.BnRepeats));
        Add("logging", "TensorBoard logging (geron-dnn epoch)", () => LoggingCost.Epoch(settings.LogEpochLimit, settings.LogRounds));
        Add("logging", "TensorBoard event writer", () => LoggingCost.WriterThroughput(settings.WriterEvents));
        Add("interchange", "interchange formats", () => InterchangeTiming.Measure(settings.EvalRepeats, settings.Name == "tiny" ? 1000 : null).ToList());
        foreach (var (group, what, measure) in extra ?? [])
            Add(group, what, () => measure(Data(), settings));
        rows.Add(new BenchRow("memory", "peak working set of the bench process", Stopwatches.PeakWorkingSetBytes() / 1048576.0, "MB"));
        return new BenchReport(MachineDescription(), tf.VERSION, DateTime.UtcNow, settings.Name, rows);
    }

    public static string ToJson(BenchReport report) =>
        JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });

    private static string MachineDescription()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()
            : null;
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
    }
}
