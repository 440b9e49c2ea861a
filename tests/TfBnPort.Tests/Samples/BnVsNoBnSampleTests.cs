using System.Text.RegularExpressions;
using TfBnPort.Samples;
using TfBnPort.Samples.BnVsNoBn;

namespace TfBnPort.Tests.Samples;

[Collection(SampleRunsCollection.Name)]
public class BnVsNoBnSampleTests
{
    [Fact]
    public void AfterHundredStepsTheBnNetworkIsFarAheadOfThePlainOne()
    {
        using var output = new TempOutput();
        var log = new StringWriter();
        var options = new SampleOptions { Limit = 5000, Steps = 100, TestLimit = 2000, Seed = 1, OutputDir = output.Path, Log = log };
        var sample = new BnVsNoBnSample();

        var result = sample.Run(options);

        double Test(string network) => result.Accuracies.Single(a => a.Variant == network && a.Split == "test").Value;
        // Seed 1: 0.86 with BN, 0.14 without (learning rate 0.00001, as the notebook). The BN net's start
        // is bimodal (models/README.md: a slow start sits near 0.68-0.75 at step 100, a fast one near 0.9)
        // and TensorFlow's threaded reductions make runs not bit-identical, so the floor admits either
        // mode; a network whose BN does not work stays near chance (0.1-0.3) and fails both checks.
        Assert.True(Test(BnVsNoBnSample.Bn) >= 0.6, $"BN test accuracy {Test(BnVsNoBnSample.Bn)}");
        Assert.True(Test(BnVsNoBnSample.Bn) - Test(BnVsNoBnSample.NoBn) >= 0.4, $"BN {Test(BnVsNoBnSample.Bn)} vs no BN {Test(BnVsNoBnSample.NoBn)}");

        // Every 20 steps, per network, the notebook's line and a train and a test accuracy point.
        Assert.Equal(10, LogLines.Of(log).Count(l => Regex.IsMatch(l,
            @"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\] Step \d+, train accuracy \d\.\d{4}, test accuracy \d\.\d{4}$")));
        Assert.Equal(20, result.Metrics.Count);
        Assert.Equal(new[] { 20, 40, 60, 80, 100 }, result.Metrics.Where(m => m.Series == BnVsNoBnSample.Bn && m.Metric == "test_accuracy").Select(m => m.Step));

        var eval = sample.Evaluate(result.Checkpoints[BnVsNoBnSample.Bn], options);
        var restored = Assert.Single(eval.Accuracies);
        Assert.Equal(BnVsNoBnSample.Bn, restored.Variant);
        Assert.Equal(Test(BnVsNoBnSample.Bn), restored.Value);
    }

    [Fact]
    public void ACancelledRunStopsAtTheNextStepAndSavesACheckpoint()
    {
        using var output = new TempOutput();
        using var cancel = new CancellationTokenSource();
        var log = new StringWriter();
        var lastStep = 0;
        var options = new SampleOptions
        {
            Limit = 1000, Steps = 200, TestLimit = 500, Seed = 1, OutputDir = output.Path, Log = log, Cancellation = cancel.Token,
            Progress = new ActionProgress(p =>
            {
                lastStep = p.Step;
                if (p.Step == 5) cancel.Cancel();
            }),
        };

        var result = new BnVsNoBnSample().Run(options);

        Assert.True(result.Interrupted);
        Assert.Equal(5, lastStep);
        Assert.Equal(BnVsNoBnSample.NoBn, Assert.Single(result.Checkpoints).Key); // the second network never started
        Assert.True(File.Exists(result.CheckpointPath + ".index"));
        Assert.Contains(LogLines.Of(log), l => l.Contains("Interrupted at step 5 of 200", StringComparison.Ordinal));
    }
}
