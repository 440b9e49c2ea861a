using TfBnPort.Samples.CrossCheck;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Cli;

[Collection(SampleRunsCollection.Name)]
public class InfoAndCrossCheckTests
{
    [Fact]
    public void InfoShowsVersionLibraryThreadsCacheAndMnist()
    {
        var (code, output) = CliRunner.Run("info");

        Assert.True(code == 0, output);
        Assert.Matches(@"TensorFlow version\s+│ (1\.1[5-9]|[2-9]\.)", output);
        Assert.Contains(TfBnPort.Tensorflow.Native.TensorflowLibrary.LoadedPath!, output);
        Assert.Contains($"Processor count    │ {Environment.ProcessorCount}", output);
        Assert.Contains(TfBnPort.Acquisition.CacheFolder.Root, output);
        Assert.Contains("MNIST", output);
    }

    // Rows per flavour, from CaseRunner: y, dx, dγ, dβ in training and in inference mode, moving_mean and
    // moving_variance after the steps, and one "inference run moves nothing" row; contrib's default
    // scale=False has no γ, so no dγ rows (CrossCheckTests.EveryFlavourReportsForwardBackwardMovingStatsAndInference).
    // The keras modes (ModeRunner) report y (training), moving_mean and moving_variance; renorm also
    // moving_stddev, renorm_mean and renorm_stddev.
    private static int ExpectedRows(CrossCheckOptions options) =>
        FlavourCatalog.Names(options).Sum(f => f.StartsWith("tf.contrib") ? 9 : 11)
        + ModeCatalog.Names(options).Sum(m => m.Contains("renorm=True") ? 6 : 3);

    private static string[] TableRows(string output, string mark) =>
        output.Split('\n').Where(l => l.StartsWith($"│ {mark} │")).ToArray();

    [Fact]
    public void CrossCheckAtTheIssueShapesExitsZeroWithEveryRowPass()
    {
        var (code, output) = CliRunner.Run("crosscheck");

        Assert.True(code == 0, output);
        var expected = ExpectedRows(CrossCheckOptions.Default);
        Assert.Contains($"All {expected} rows within tolerance.", output);
        Assert.Equal(expected, TableRows(output, "PASS").Length);
        Assert.Empty(TableRows(output, "FAIL"));
        Assert.Contains("tf.layers.batch_normalization (fused) [32,14,14,64]", output);
        Assert.Contains("tf.contrib.layers.batch_norm [64,300]", output);
    }

    [Fact]
    public void CrossCheckWithAZeroToleranceExitsNonZeroAndNamesTheFailingRows()
    {
        // float32 TF against the float64 reference is never bit-exact on y (about 1e-7 relative),
        // while an inference run moves the moving statistics by exactly nothing: at tolerance 0 the
        // first must FAIL and the second still PASS (the bound is MaxRel <= tolerance).
        const string flavour = "hand-written nn.moments + tf.assign (seed 001) [16,12]";
        var (code, output) = CliRunner.Run("crosscheck", "--small", "--tolerance", "0", "--filter", flavour);

        Assert.True(code != 0, output);
        var failing = TableRows(output, "FAIL");
        var passing = TableRows(output, "PASS");
        Assert.Contains(failing, row => row.Contains(flavour) && row.Contains("│ y (training) "));
        Assert.Contains(passing, row => row.Contains(flavour) && row.Contains("moving stats after an inference run"));
        var rows = FlavourCatalog.Names(CrossCheckOptions.Small).Count(n => n.Contains(flavour)) * 11;
        Assert.Equal(rows, failing.Length + passing.Length);
        Assert.Contains($"{failing.Length} of {rows} rows out of tolerance.", output);
    }

    [Fact]
    public void CrossCheckRefusesANegativeTolerance()
    {
        var (code, output) = CliRunner.Run("crosscheck", "--small", "--tolerance", "-1");

        Assert.Equal(1, code);
        Assert.Contains("--tolerance must be a relative bound of 0 or more, got -1.", output);
    }
}
