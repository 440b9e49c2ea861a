using System.Globalization;
using TfBnPort.Samples;

namespace TfBnPort.Console.Output;

/// <summary>metrics.csv: one row per logged value, long format (sample,series,step,metric,value).</summary>
public static class MetricsCsv
{
    public const string FileName = "metrics.csv";
    public const string Header = "sample,series,step,metric,value";

    public static string Write(SampleResult result)
    {
        var path = Path.Combine(result.OutputDirectory, FileName);
        using var writer = new StreamWriter(path);
        writer.WriteLine(Header);
        foreach (var m in result.Metrics)
            writer.WriteLine(string.Join(',', result.Sample, m.Series, m.Step.ToString(CultureInfo.InvariantCulture), m.Metric,
                m.Value.ToString("R", CultureInfo.InvariantCulture)));
        return path;
    }
}
