using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Console.Output;
using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Console.Commands;

/// <summary>
/// <c>logs DIR [--tag PATTERN] [--plot FILE.png]</c>: reads any TensorBoard log directory (ours or
/// Python's) without TensorBoard: runs, tags with their kind and step range, the last value of every
/// scalar, and a plot of the chosen scalars of all runs. Damaged records are reported and skipped.
/// </summary>
public static class LogsCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "A TensorBoard log directory (every folder with events.out.tfevents.* files is a run), or one event file." };
        var tag = new Option<string?>("--tag") { Description = "Only tags matching this regular expression (e.g. accuracy or '^loss$')." };
        var plot = new Option<string?>("--plot") { Description = "Plot the (matching) scalars of all runs into this PNG." };
        var command = new Command("logs", "List the runs, tags and scalars of TensorBoard event files; optionally plot the scalars.") { dir, tag, plot };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () => Execute(context, parse.GetValue(dir)!, parse.GetValue(tag), parse.GetValue(plot))));
        return command;
    }

    public static int Execute(CliContext context, string dir, string? tagPattern, string? plotPath)
    {
        var (runs, problems) = LogDirectory.Read(dir, tagPattern);
        foreach (var problem in problems) context.Error.WriteLine($"warning: {problem}");
        if (runs.Count == 0)
        {
            context.Error.WriteLine($"error: no event files (events.out.tfevents.*) under '{dir}'.");
            return 1;
        }
        foreach (var run in runs)
        {
            var what = new List<string> { $"{run.Events} events", $"{run.Files.Count} file(s)" };
            if (run.HasGraph) what.Add("graph");
            if (run.HasMetaGraph) what.Add("meta graph");
            if (run.RunMetadataTags.Count > 0) what.Add($"traced steps: {string.Join(", ", run.RunMetadataTags)}");
            var table = new Table().Title($"run {Markup.Escape(run.Name)} ({Markup.Escape(string.Join(", ", what))})")
                .AddColumns("Tag", "Kind", "Steps", "Values", "Last value");
            foreach (var (tag, info) in run.Tags)
            {
                var last = run.Scalars.TryGetValue(tag, out var series) ? series[^1].Value.ToString("G6", CultureInfo.InvariantCulture) : "";
                table.AddRow(Markup.Escape(tag), info.Kind, $"{info.FirstStep}–{info.LastStep}", info.Count.ToString(CultureInfo.InvariantCulture), last);
            }
            context.Console.Write(table);
        }
        if (plotPath is not null)
        {
            var lines = runs.SelectMany(r => r.Scalars.Select(s => ($"{r.Name} {s.Key}", s.Value))).ToList();
            if (lines.Count == 0)
            {
                context.Error.WriteLine("error: no scalars to plot (check --tag).");
                return 1;
            }
            ScalarPlot.Save(plotPath, lines, $"TensorBoard scalars of {dir}");
            context.Console.WriteLine($"Plot: {Path.GetFullPath(plotPath)}");
        }
        return 0;
    }
}
