using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TfBnPort.Bench;
using TfBnPort.Console.Cli;
using TfBnPort.Console.Cluster;

namespace TfBnPort.Console.Commands;

/// <summary><c>bench</c>: binding overhead, training throughput, threads, memory and BN kernels, each with its baseline.</summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var tiny = new Option<bool>("--tiny") { Description = "A few iterations of everything (checks the command works; the figures mean nothing)." };
        var json = new Option<string>("--json") { Description = "Where to write the JSON report.", DefaultValueFactory = _ => Path.Combine("runs", "bench.json") };
        var only = new Option<string[]>("--only")
        {
            Description = $"Measure only these groups ({string.Join(", ", BenchRunner.Groups)}); the figures of one group share their baseline, so its ratios stay meaningful.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("bench", "Measure the binding against the raw C API: session.run overhead, training throughput, threads, memory, BN kernels, a loopback cluster.")
        {
            tiny, json, only,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () => Execute(context, parse.GetValue(tiny), parse.GetValue(json)!, parse.GetValue(only))));
        return command;
    }

    public static int Execute(CliContext context, bool tiny, string jsonPath, string[]? only = null)
    {
        var settings = tiny ? BenchRunner.Settings.Tiny : BenchRunner.Settings.Full;
        var groups = only is { Length: > 0 } ? only.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() : null;
        if (groups is not null && BenchRunner.UnknownGroup(groups) is { } unknown)
        {
            context.Error.WriteLine($"error: unknown bench group '{unknown}'. The groups are: {string.Join(", ", BenchRunner.Groups)}.");
            return 2;
        }
        var report = BenchRunner.Run(settings, what => context.Out.WriteLine($"measuring {what}..."),
            [("distributed", "loopback cluster (geron-dnn: 1 ps + 1 and + 2 workers)", (data, s) => ClusterBench.Measure(data, s.ClusterSteps, s.Warmup))], groups);
        var table = new Table().AddColumns("Group", "Figure", "Value", "Baseline", "Ratio", "Note");
        foreach (var r in report.Rows)
            table.AddRow(Markup.Escape(r.Group), Markup.Escape(r.Name), $"{Format(r.Value)} {Markup.Escape(r.Unit)}",
                r.Baseline is { } b ? $"{Format(b)} ({Markup.Escape(r.BaselineName ?? "")})" : "",
                r.Ratio is { } ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "", Markup.Escape(r.Note ?? ""));
        context.Console.Write(table);
        var full = Path.GetFullPath(jsonPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, BenchRunner.ToJson(report));
        context.Console.WriteLine($"Machine: {report.Machine}; TensorFlow {report.TensorflowVersion}; setting: {report.Setting}");
        context.Console.WriteLine($"JSON report: {full}");
        return 0;
    }

    private static string Format(double value) =>
        value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
