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

    [Fact]
    public void CrossCheckPrintsTheRowsAndItsExitCodeSaysWhetherAllPass()
    {
        var (code, output) = CliRunner.Run("crosscheck", "--small");

        Assert.Contains("tf.layers.batch_normalization", output);
        Assert.Contains("tf.contrib.layers.batch_norm", output);
        if (code == 0) Assert.Matches(@"All \d+ rows within tolerance\.", output);
        else Assert.Matches(@"\d+ of \d+ rows out of tolerance\.", output);
    }
}
