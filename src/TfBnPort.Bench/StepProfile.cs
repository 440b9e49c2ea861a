using System.Diagnostics;
using System.Text.RegularExpressions;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Bench;

/// <summary>One op's time over the traced steps: node, op type, device, mean microseconds per step and share of the step.</summary>
public sealed record OpTime(string Node, string Op, string Device, double MicrosPerStep, double Share);

/// <summary>What <c>trace NAME</c> found: the Chrome trace, the slowest ops, the traced span against the untraced step time.</summary>
public sealed record StepProfileResult(string Sample, int Steps, string ChromeTrace, IReadOnlyList<OpTime> SlowestOps,
    double TracedSpanMillis, double UntracedStepMillis, int ExecutedOps);

/// <summary>
/// Profiles a sample's training step as TF1 users do: K steps run with RunOptions(FULL_TRACE), their
/// StepStats merged per device and turned into a Chrome trace by <see cref="Timeline"/>; the same step
/// timed untraced (as bench times it) for comparison.
/// </summary>
public static partial class StepProfile
{
    public static StepProfileResult Run(string sample, int steps, MnistData data, int warmup = 3)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "--steps must be at least 1.");
        using var step = SampleSteps.Build(sample, new ConfigProto(), data);
        for (var i = 0; i < warmup; i++) step.RunFacade();
        var untraced = Stopwatches.SecondsPerCall(step.RunFacade, Math.Max(steps, 10), repeats: 3) * 1000;

        // One traced step first, discarded: the tracer's own set-up would otherwise land in the first profile.
        step.RunFacade(new RunOptions { TraceLevel = RunOptions.Types.TraceLevel.FullTrace }, new RunMetadata());
        var merged = new Dictionary<string, DeviceStepStats>();
        double spans = 0;
        var executed = 0;
        for (var i = 0; i < steps; i++)
        {
            var metadata = new RunMetadata();
            step.RunFacade(new RunOptions { TraceLevel = RunOptions.Types.TraceLevel.FullTrace }, metadata);
            var nodes = metadata.StepStats.DevStats.SelectMany(d => d.NodeStats).ToList();
            spans += nodes.Max(n => n.AllStartMicros + n.AllEndRelMicros) - nodes.Min(n => n.AllStartMicros);
            executed = nodes.Count;
            foreach (var dev in metadata.StepStats.DevStats)
            {
                if (!merged.TryGetValue(dev.Device, out var all)) merged[dev.Device] = all = new DeviceStepStats { Device = dev.Device };
                all.NodeStats.Add(dev.NodeStats);
            }
        }
        var stats = new StepStats();
        stats.DevStats.Add(merged.Values);
        var trace = new Timeline(stats).generate_chrome_trace_format(show_memory: true);
        var spanPerStep = spans / steps;
        var slowest = stats.DevStats
            .SelectMany(d => d.NodeStats.Select(n => (d.Device, Node: n)))
            .GroupBy(x => (x.Device, x.Node.NodeName))
            .Select(g => new OpTime(g.Key.NodeName, OpType(g.First().Node.TimelineLabel), g.Key.Device,
                g.Sum(x => (double)x.Node.AllEndRelMicros) / steps, g.Sum(x => (double)x.Node.AllEndRelMicros) / spans))
            .OrderByDescending(o => o.MicrosPerStep).Take(10).ToList();
        return new StepProfileResult(sample, steps, trace, slowest, spanPerStep / 1000, untraced, executed);
    }

    [GeneratedRegex(@"^.* = (.*)\(")]
    private static partial Regex Label();

    private static string OpType(string timelineLabel) => Label().Match(timelineLabel) is { Success: true } m ? m.Groups[1].Value : "?";
}
