using Spectre.Console;
using TfBnPort.Samples;

namespace TfBnPort.Console.Output;

/// <summary>The end of a run: the final accuracies, then where each sample's files are.</summary>
public static class SummaryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<(SampleResult Result, string? Csv, string? Plot)> runs)
    {
        var accuracies = new Table().Title("Final accuracies").AddColumns("Sample", "Variant", "Split", "Accuracy", "Examples");
        foreach (var (result, _, _) in runs)
            foreach (var a in result.Accuracies)
                accuracies.AddRow(Markup.Escape(result.Sample), Markup.Escape(a.Variant.Replace('_', ' ')), a.Split,
                    $"{a.Value * 100:F2}%", a.Examples.ToString());
        if (accuracies.Rows.Count > 0) console.Write(accuracies);
        else console.WriteLine("No final accuracies: training was interrupted before the end.");

        // Paths as plain lines: a table would wrap them.
        foreach (var (result, csv, plot) in runs)
        {
            console.WriteLine($"{result.Sample}{(result.Interrupted ? " (interrupted)" : "")}, {result.Elapsed.TotalSeconds:F1} s:");
            console.WriteLine($"  checkpoint  {result.CheckpointPath ?? "-"}");
            console.WriteLine($"  metrics     {csv ?? "-"}");
            console.WriteLine($"  plot        {plot ?? "(nothing logged to plot)"}");
        }
    }
}
