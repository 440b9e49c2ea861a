using TfBnPort.Samples;
using TfBnPort.Samples.CnnManualBn;

namespace TfBnPort.Tests.Samples;

[Collection(SampleRunsCollection.Name)]
public class CnnManualBnSampleTests
{
    [Fact]
    public void SmallSliceTrainsAndTheThreeTestsTellTheDocumentsMistakeApart()
    {
        using var output = new TempOutput();
        var log = new StringWriter();
        var options = new SampleOptions { Limit = 2000, Epochs = 1, Steps = 30, TestLimit = 500, Seed = 1, OutputDir = output.Path, Log = log };
        var sample = new CnnManualBnSample();

        var result = sample.Run(options);

        // Training loss decreases: batch of 64, -Σ y log p starts near 64·ln 10 ≈ 147.
        var losses = result.Metrics.Where(m => m.Metric == "batch_loss").OrderBy(m => m.Step).ToList();
        Assert.True(losses[^1].Value < 0.6 * losses[0].Value, $"batch loss {losses[0].Value} -> {losses[^1].Value}");

        double Acc(string variant) => result.Accuracies.Single(a => a.Variant == variant).Value;
        // Seeds 1-3 after 30 steps: 0.86-0.90 as intended, 0.89-0.90 as written, 0.08-0.13 on the fresh test graph.
        Assert.True(Acc(CnnManualBnSample.AsIntended) >= 0.75, $"as intended {Acc(CnnManualBnSample.AsIntended)}");
        Assert.True(Acc(CnnManualBnSample.AsWritten) >= 0.75, $"as written {Acc(CnnManualBnSample.AsWritten)}");
        Assert.True(Acc(CnnManualBnSample.FreshTestGraph) <= 0.3, $"fresh test graph {Acc(CnnManualBnSample.FreshTestGraph)}");
        Assert.Equal(500, result.Accuracies[0].Examples);

        var lines = LogLines.Of(log);
        Assert.Contains(lines, l => l.StartsWith("Loss: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Testing Accuracy: 0.", StringComparison.Ordinal));
        Assert.True(File.Exists(result.CheckpointPath + ".index"));

        // eval rebuilds the inference graph on the trained variables: the as-intended number.
        var eval = sample.Evaluate(result.CheckpointPath!, options);
        Assert.Equal(Acc(CnnManualBnSample.AsIntended), eval.Accuracies.Single().Value);
    }
}
