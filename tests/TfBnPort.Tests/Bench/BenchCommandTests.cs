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
            AssertClusterRows(rows);
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

    /// <summary>
    /// The loopback cluster figures: examples/s of one process, 1 ps + 1 worker and 1 ps + 2 workers, each
    /// cluster against the one-process baseline of the same run, and the bytes a step moves. Every worker
    /// step pulls each trainable variable from the ps and pushes its gradient back, so a step moves at
    /// least 2 × 4 × 267,430 floats (784×300+300 + 300×100+100 + 100×10+10 dense, 2×(300+100+10) BN
    /// gamma/beta); the rest (BN batch statistics, global_step, control tensors) is a few KB, and the
    /// batch itself is fed on the worker, so it never crosses.
    /// </summary>
    private static void AssertClusterRows(List<JsonElement> rows)
    {
        var cluster = rows.Where(r => r.GetProperty("Group").GetString() == "distributed (geron-dnn, loopback)")
            .ToDictionary(r => r.GetProperty("Name").GetString()!);
        Assert.True(cluster["one process (no cluster)"].GetProperty("Value").GetDouble() > 0);
        foreach (var setup in new[] { "1 ps + 1 worker", "1 ps + 2 workers" })
        {
            Assert.True(cluster[setup].GetProperty("Value").GetDouble() > 0, $"{setup}: no examples/s");
            Assert.Equal("one process", cluster[setup].GetProperty("BaselineName").GetString());
            Assert.Equal(JsonValueKind.Number, cluster[setup].GetProperty("Ratio").ValueKind);
            const double trainableBytes = 2 * 4 * 267_430;
            var moved = cluster[$"{setup}: bytes moved per step"].GetProperty("Value").GetDouble() * 1048576;
            Assert.InRange(moved, trainableBytes, trainableBytes + 64 * 1024);
        }
        Assert.Equal("ms/step", cluster["gRPC's cost per step (1 ps + 1 worker − one process)"].GetProperty("Unit").GetString());
    }
}
