using System.CommandLine;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Console.Output;
using TfBnPort.Samples;

namespace TfBnPort.Console.Commands;

/// <summary><c>run NAME|all [--epochs --steps --batch-size --limit --test-limit --seed --out]</c>.</summary>
public static class RunCommand
{
    /// <summary>Exit code after Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int InterruptedExitCode = 130;

    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = Help.NameDescription(allowAll: true) };
        name.AcceptOnlyFromAmong([.. SampleCatalog.Names, "all"]);
        var binder = new SampleOptionsBinder();
        var command = new Command("run",
            "Train a sample as its document does (its log lines, a progress bar), then write metrics.csv, curves.png " +
            "and the checkpoint to OUT/NAME/ and print a summary. Ctrl+C stops at the next step and saves a checkpoint.");
        command.Add(name);
        foreach (var option in binder.TrainingOptions) command.Add(option);
        command.SetAction(parse => KnownErrors.Guard(context.Error, () => Execute(context, parse.GetValue(name)!, binder.Bind(parse))));
        return command;
    }

    public static int Execute(CliContext context, string name, SampleOptions options)
    {
        var samples = name == "all" ? SampleCatalog.All : [SampleCatalog.Find(name)];
        using var ctrlC = new CtrlC(context.Error);
        var runs = new List<(SampleResult Result, string? Csv, string? Plot)>();
        foreach (var sample in samples)
        {
            context.Console.MarkupLine($"[bold]{Markup.Escape(sample.Name)}[/]: {Markup.Escape(sample.Title)} (document {sample.Document})");
            var result = TrainingView.Run(context, sample, options with { Cancellation = ctrlC.Token });
            var csv = MetricsCsv.Write(result);
            var plot = LearningCurvePlot.Save(result);
            runs.Add((result, csv, plot));
            if (result.Interrupted)
            {
                context.Console.MarkupLine($"[yellow]Interrupted:[/] training stopped at the next step after Ctrl+C; " +
                                           $"the model of that step is saved as {Markup.Escape(result.CheckpointPath ?? "-")}.");
                break;
            }
            if (result.Explanation.Length > 0) context.Console.WriteLine(result.Explanation);
            context.Console.WriteLine();
        }
        SummaryTable.Write(context.Console, runs);
        context.Console.WriteLine($"Output folder: {Path.GetFullPath(options.OutputDir)}");
        return runs.Any(r => r.Result.Interrupted) ? InterruptedExitCode : 0;
    }
}
