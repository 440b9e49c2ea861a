using ScottPlot;
using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Console.Output;

/// <summary>The scalar series of event files in one PNG (one line per run and tag), for <c>logs --plot</c>.</summary>
public static class ScalarPlot
{
    public static void Save(string path, IReadOnlyList<(string Label, List<ScalarPoint> Points)> lines, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < lines.Count; i++)
        {
            var (label, points) = lines[i];
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = label;
            line.LineWidth = 2;
            line.Color = palette.GetColor(i);
            line.MarkerSize = points.Count <= 40 ? 5 : 0;
        }
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "step";
        plot.ShowLegend(Alignment.MiddleRight);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, 1000, 600);
    }
}
