using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TfBnPort.Bench;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;

namespace TfBnPort.Console.Commands;

/// <summary>
/// <c>trace NAME [--steps K] --out trace.json</c>: K training steps of a sample run with
/// RunOptions(FULL_TRACE); writes their Chrome trace (chrome://tracing, Perfetto) and prints the ten
/// slowest ops with their share of the step, and the traced span beside the untraced step time.
/// </summary>
public static class TraceCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = Help.NameDescription(allowAll: false) };
        name.AcceptOnlyFromAmong([.. SampleCatalog.Names]);
        var steps = new Option<int>("--steps") { Description = "Training steps to trace (their ops are merged into one trace).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Where to write the Chrome trace JSON.", DefaultValueFactory = _ => "trace.json" };
        var command = new Command("trace", "Profile training steps of a sample: Chrome trace (timeline.py's format) and the ten slowest ops.") { name, steps, output };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () => Execute(context, parse.GetValue(name)!, parse.GetValue(steps), parse.GetValue(output)!)));
        return command;
    }

    public static int Execute(CliContext context, string name, int steps, string output)
    {
        if (steps < 1) throw new ArgumentException("--steps must be at least 1.");
        var profile = StepProfile.Run(name, steps, new MnistData());
        var full = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, profile.ChromeTrace);
        var table = new Table().Title($"{Markup.Escape(name)}: the ten slowest ops of {steps} traced step(s)")
            .AddColumns("Node", "Op", "Device", "µs / step", "Share of step");
        foreach (var op in profile.SlowestOps)
            table.AddRow(Markup.Escape(op.Node), Markup.Escape(op.Op), Markup.Escape(op.Device),
                op.MicrosPerStep.ToString("N0", CultureInfo.InvariantCulture), op.Share.ToString("P1", CultureInfo.InvariantCulture));
        context.Console.Write(table);
        context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{profile.ExecutedOps} ops per step; traced step span {profile.TracedSpanMillis:F2} ms, untraced step {profile.UntracedStepMillis:F2} ms (as bench times it)."));
        context.Console.WriteLine($"Chrome trace: {full} (open in chrome://tracing or https://ui.perfetto.dev)");
        return 0;
    }
}
