using System.Text.Json;
using TfBnPort.Tests.Cli;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// <c>logs</c> on the Python-written fixture (tags, last value, a PNG plot; a damaged copy is reported
/// and read as far as it goes) and <c>trace</c> on a sample (valid Chrome trace, an op event per executed op).
/// </summary>
[Collection(SampleRunsCollection.Name)]
public class ConsoleLogsAndTraceTests
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Summary", "Fixtures", "python-tf");

    [Fact]
    public void Logs_reports_the_python_file_tags_and_last_value_and_plots_them()
    {
        using var tmp = new TempOutput();
        var png = Path.Combine(tmp.Path, "plot.png");
        var (code, output) = CliRunner.Run("logs", FixtureDir, "--plot", png);
        Assert.Equal(0, code);
        Assert.Contains("my_metric", output);
        Assert.Contains("0–99", output);      // step range
        Assert.Contains("49.5", output);      // last value: 0.5 * 99 (generate_testdata.py)
        Assert.Contains("101 events", output);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void Logs_reads_a_damaged_file_as_far_as_it_goes_and_says_where()
    {
        using var tmp = new TempOutput();
        var source = Directory.GetFiles(FixtureDir, "events.out.tfevents.*").Single();
        var copy = Path.Combine(tmp.Path, Path.GetFileName(source));
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(copy, bytes[..^10]); // the writer died inside the last record
        var (code, output) = CliRunner.Run("logs", tmp.Path);
        Assert.Equal(0, code);
        Assert.Contains("warning:", output);
        Assert.Contains("truncated record at offset", output);
        Assert.Contains("0–98", output);      // the 99 complete scalar records
        Assert.Contains("49", output);        // their last value: 0.5 * 98
    }

    [Fact]
    public void Logs_of_a_missing_folder_is_a_clear_error()
    {
        var (code, output) = CliRunner.Run("logs", "/nonexistent/tf_logs");
        Assert.Equal(1, code);
        Assert.Contains("error: The log directory '/nonexistent/tf_logs' does not exist", output);
    }

    [Fact]
    public void Trace_writes_a_chrome_trace_with_an_event_per_executed_op()
    {
        using var tmp = new TempOutput();
        var json = Path.Combine(tmp.Path, "trace.json");
        var (code, output) = CliRunner.Run("trace", "bn-vs-nobn", "--steps", "2", "--out", json);
        Assert.Equal(0, code);
        Assert.Contains("the ten slowest ops of 2 traced step(s)", output);
        Assert.Contains("MatMul", output);
        var opsPerStep = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"(\d+) ops per step").Groups[1].Value);
        using var trace = JsonDocument.Parse(File.ReadAllText(json));
        var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var compute = events.Where(e => e.GetProperty("ph").GetString() == "M")
            .Single(e => e.GetProperty("args").GetProperty("name").GetString()!.EndsWith("CPU:0 Compute")).GetProperty("pid").GetInt32();
        var ops = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(2 * opsPerStep, ops.Count); // two steps, every executed op once each
        Assert.All(ops, e => Assert.Equal(compute, e.GetProperty("pid").GetInt32()));
        Assert.Contains(ops, e => e.GetProperty("args").GetProperty("op").GetString() == "ApplyGradientDescent");
    }
}
