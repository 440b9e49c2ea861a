using System.Text.Json;
using TfBnPort.Console;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Bench;

/// <summary>The bench command runs on its tiny setting and writes a JSON report with every figure (no timing is asserted).</summary>
[Collection("Memory")]
public class BenchCommandTests
{
    [Fact]
    public void TinyBenchWritesAReportWithEveryFigureAndItsBaseline()
    {
        var dir = Directory.CreateTempSubdirectory("tfbnport-bench-").FullName;
        try
        {
            var json = Path.Combine(dir, "bench.json");
            using var output = new StringWriter();
            var exit = App.Run(new[] { "bench", "--tiny", "--json", json }, output);
            Assert.True(exit == 0, output.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var rows = doc.RootElement.GetProperty("Rows").EnumerateArray().ToList();
            var groups = rows.Select(r => r.GetProperty("Group").GetString()).Distinct().ToList();
            foreach (var group in new[] { "session.run overhead", "training throughput", "threads (geron-dnn step)", "bn-vs-nobn evaluation", "memory", "BN forward+backward", "TensorBoard logging", "interchange" })
                Assert.Contains(group, groups);
            foreach (var sample in new[] { "contrib-mlp", "cnn-manual-bn", "geron-dnn", "bn-vs-nobn" })
                Assert.Contains(rows, r => r.GetProperty("Name").GetString()!.StartsWith(sample + ": TF1 facade") && r.GetProperty("Ratio").ValueKind == JsonValueKind.Number);
            foreach (var form in new[] { "checkpoint + .meta", "frozen GraphDef", "SavedModel" })
                Assert.Contains(rows, r => r.GetProperty("Name").GetString() == $"score geron-dnn as {form}" && r.GetProperty("Value").GetDouble() > 0);
            Assert.Contains(rows, r => r.GetProperty("Name").GetString()!.StartsWith("load geron-dnn/saved_model"));
            Assert.All(rows, r => Assert.True(double.IsFinite(r.GetProperty("Value").GetDouble())));
            // Expected: TF_Version() of the library this process loaded (the bench runs in-process on
            // it); the README accepts 1.15.x or later, so no fixed string.
            var version = doc.RootElement.GetProperty("TensorflowVersion").GetString();
            Assert.Equal(tf.VERSION, version);
            Assert.Matches(@"^(1\.1[5-9]|[2-9]\.)", version);
            Assert.Contains($"TensorFlow {tf.VERSION};", output.ToString());
            Assert.Contains("JSON report", output.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void OnlyMeasuresTheNamedGroupsAndRefusesAnUnknownOne()
    {
        var dir = Directory.CreateTempSubdirectory("tfbnport-bench-").FullName;
        try
        {
            var json = Path.Combine(dir, "bench.json");
            using var output = new StringWriter();
            var exit = App.Run(new[] { "bench", "--tiny", "--only", "interchange", "--json", json }, output);
            Assert.True(exit == 0, output.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var groups = doc.RootElement.GetProperty("Rows").EnumerateArray().Select(r => r.GetProperty("Group").GetString()).Distinct().Order().ToList();
            // The interchange rows, and the process's peak working set that every report ends with.
            Assert.Equal(new[] { "interchange", "memory" }, groups);
            Assert.DoesNotContain("session.run overhead", output.ToString());

            using var refused = new StringWriter();
            Assert.Equal(2, App.Run(new[] { "bench", "--tiny", "--only", "interchnage", "--json", json }, refused));
            Assert.Contains("unknown bench group 'interchnage'", refused.ToString());
            Assert.Contains("interchange", refused.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
