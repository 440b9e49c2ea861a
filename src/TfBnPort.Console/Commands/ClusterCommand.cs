using System.CommandLine;
using System.Globalization;
using TfBnPort.Console.Cli;
using TfBnPort.Console.Cluster;
using TfBnPort.Samples;

namespace TfBnPort.Console.Commands;

/// <summary>
/// <c>cluster NAME --ps P --workers W [--sync]</c>: P ps + W workers as child processes on loopback,
/// their logs prefixed with the task, then per-worker and total examples/s, the final global_step
/// and the test accuracy of the chief's last checkpoint. Every child is stopped on exit, error or Ctrl+C.
/// </summary>
public static class ClusterCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The sample to train (geron-dnn or contrib-mlp)." };
        var ps = new Option<int>("--ps") { Description = "Parameter-server tasks.", DefaultValueFactory = _ => 1 };
        var workers = new Option<int>("--workers") { Description = "Worker tasks (worker 0 is the chief).", DefaultValueFactory = _ => 2 };
        var sync = new Option<bool>("--sync") { Description = "SyncReplicasOptimizer: global_step advances once per W worker steps." };
        var lastStep = new Option<long>("--last-step") { Description = "Train until global_step reaches this.", DefaultValueFactory = _ => 200 };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Stop everything and fail past this many seconds.", DefaultValueFactory = _ => 1800 };
        var traceDir = new Option<string?>("--trace-dir") { Description = "Each worker writes the RunMetadata of one FULL_TRACE step (worker-I.runmeta) here; the devices and bytes moved are printed." };
        var binder = new SampleOptionsBinder();
        var command = new Command("cluster", "Train NAME with P ps + W worker processes on this machine (TensorFlow's gRPC runtime, loopback).")
        {
            name, ps, workers, sync, lastStep, maxSeconds, traceDir, binder.BatchSize, binder.Limit, binder.TestLimit, binder.Seed, binder.Out,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () =>
        {
            var sample = binder.Bind(parse);
            using var ctrlC = new CtrlC(context.Error);
            var sampleName = parse.GetValue(name)!;
            var options = new ClusterOptions
            {
                Sample = sampleName,
                PsTasks = parse.GetValue(ps),
                Workers = parse.GetValue(workers),
                Sync = parse.GetValue(sync),
                LastStep = parse.GetValue(lastStep),
                MaxSeconds = parse.GetValue(maxSeconds),
                BatchSize = sample.BatchSize, Limit = sample.Limit, TestLimit = sample.TestLimit, Seed = sample.Seed,
                TraceDir = parse.GetValue(traceDir) is { } trace ? Path.GetFullPath(trace) : null,
                CheckpointDir = Path.GetFullPath(Path.Combine(sample.OutputDir, sampleName, parse.GetValue(sync) ? "cluster-sync" : "cluster")),
            };
            var report = LocalCluster.Run(options, line => { lock (context.Out) context.Out.WriteLine(line); }, ctrlC.Token);
            Print(context.Out, report);
            if (options.TraceDir is not null) PrintTraces(context.Out, options.TraceDir, options.Workers);
            return 0;
        }));
        return command;
    }

    /// <summary>Each worker's traced step: where its ops ran and what crossed between tasks.</summary>
    public static void PrintTraces(TextWriter output, string traceDir, int workers)
    {
        for (var i = 0; i < workers; i++)
        {
            var path = LocalCluster.TraceFile(traceDir, i);
            if (!File.Exists(path)) continue;
            var step = TracedStep.Load(path);
            var ops = string.Join(", ", step.Ops.GroupBy(o => o.Device).Select(g => $"{g.Count()} on {g.Key}"));
            var moved = string.Join(", ", step.Transfers.GroupBy(t => (t.From, t.To)).Select(g => $"{g.Sum(t => t.Bytes):N0} B {g.Key.From} → {g.Key.To}"));
            output.WriteLine($"worker {i}'s traced step ({path}): ops {ops}; gRPC RecvTensor {moved}");
        }
    }

    public static void Print(TextWriter output, ClusterReport report)
    {
        var ci = CultureInfo.InvariantCulture;
        foreach (var w in report.Workers)
            output.WriteLine(string.Create(ci, $"worker {w.Task}: {w.LocalSteps} steps, {w.Examples} examples in {w.Seconds:F1} s = {w.ExamplesPerSecond:F0} examples/s"));
        output.WriteLine(string.Create(ci, $"total: {report.Examples} examples in {report.WallSeconds:F1} s = {report.TotalExamplesPerSecond:F0} examples/s; " +
            $"global_step {report.FinalGlobalStep} (worker steps {string.Join(" + ", report.Workers.Select(w => w.LocalSteps))} = {report.Workers.Sum(w => w.LocalSteps)})"));
        if (report.Evaluation is { } e)
            foreach (var a in e.Accuracies)
                output.WriteLine(string.Create(ci, $"chief's checkpoint {e.Checkpoint}: {a.Split} accuracy {a.Value:0.0000} on {a.Examples} examples"));
    }
}
