namespace TfBnPort.Tests.Cli;

public class HelpTests
{
    [Fact]
    public void NoArgumentsShowsHelpThatListsTheFourSamples()
    {
        var (code, output) = CliRunner.Run();

        Assert.Equal(0, code);
        foreach (var name in new[] { "contrib-mlp", "cnn-manual-bn", "geron-dnn", "bn-vs-nobn" })
            Assert.Contains(name, output);
        foreach (var command in new[] { "run", "eval", "info", "ckpt", "crosscheck" })
            Assert.Contains(command, output);
        Assert.Contains("000_b2776882f8b22eb7.txt", output);
    }

    [Fact]
    public void AnUnknownSampleIsAParseErrorThatNamesTheChoices()
    {
        var (code, output) = CliRunner.Run("run", "resnet");

        Assert.Equal(1, code);
        Assert.Contains("resnet", output);
        Assert.Contains("geron-dnn", output);
    }
}
