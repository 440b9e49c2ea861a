using ScottPlot;
using TfBnPort.Samples;
using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Samples.GeronDnn;

namespace TfBnPort.Console.Output;

/// <summary>
/// curves.png: the learning curves of a run, accuracies on the left axis and losses on the right.
/// For bn-vs-nobn it is the notebook's comparison: train and test accuracy with and without BN.
/// </summary>
public static class LearningCurvePlot
{
    public const string FileName = "curves.png";

    /// <summary>Writes the plot and returns its path, or null when the run logged nothing to plot.</summary>
    public static string? Save(SampleResult result)
    {
        var lines = result.Metrics
            .Where(m => m.Metric != "learning_rate") // another scale; it stays in the CSV
            .GroupBy(m => (m.Series, m.Metric))
            .Select(g => (Label: $"{g.Key.Series.Replace('_', ' ')} {g.Key.Metric.Replace('_', ' ')}", g.Key.Series, g.Key.Metric, Points: g.OrderBy(p => p.Step).ToList()))
            .ToList();
        if (lines.Count == 0) return null;

        var plot = new Plot();
        var hasLoss = false;
        var series = lines.Select(l => l.Series).Distinct().ToList();
        var colorKeys = series.Count > 1 ? series : lines.Select(l => l.Metric).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (label, seriesName, metric, points) in lines)
        {
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = label;
            line.LineWidth = 2;
            // One color per series (variant or network; per metric when there is one series); solid for
            // training data, dashed for held-out data, dotted for losses; markers when points are few.
            line.Color = palette.GetColor(colorKeys.IndexOf(series.Count > 1 ? seriesName : metric));
            line.MarkerSize = points.Count <= 40 ? 5 : 0;
            line.LinePattern = metric.Contains("valid") || metric.Contains("test") ? LinePattern.Dashed : LinePattern.Solid;
            if (!metric.Contains("accuracy"))
            {
                line.Axes.YAxis = plot.Axes.Right;
                line.LinePattern = LinePattern.Dotted;
                hasLoss = true;
            }
        }
        plot.Title(Title(result.Sample));
        plot.Axes.Bottom.Label.Text = result.Sample == GeronDnnSample.SampleName ? "epoch" : "step";
        plot.Axes.Left.Label.Text = "accuracy";
        if (hasLoss) plot.Axes.Right.Label.Text = "loss";
        plot.ShowLegend(Alignment.MiddleRight);
        var path = Path.Combine(result.OutputDirectory, FileName);
        plot.SavePng(path, 1000, 600);
        return path;
    }

    private static string Title(string sample) => sample switch
    {
        BnVsNoBnSample.SampleName => "bn-vs-nobn: accuracy with and without batch normalization",
        _ => $"{sample}: learning curves",
    };
}
