namespace TfBnPort.Tests.Cli;

/// <summary>Known errors end in one "error: ..." message and exit code 1, without a stack trace.</summary>
public class ErrorTests
{
    [Fact]
    public void EvalOfAMissingCheckpointSaysSoWithoutAStackTrace()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tfbnport-no-such-dir", "model.ckpt");

        var (code, output) = CliRunner.Run("eval", "geron-dnn", "--checkpoint", missing);

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", output);
        Assert.Contains(missing, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void CkptListOfAMissingPathSaysSo()
    {
        var (code, output) = CliRunner.Run("ckpt", "list", Path.Combine(Path.GetTempPath(), "tfbnport-no-such-checkpoint"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void ANonPositiveOptionIsRefusedBeforeTraining()
    {
        var (code, output) = CliRunner.Run("run", "geron-dnn", "--batch-size", "0");

        Assert.Equal(1, code);
        Assert.Equal("error: --batch-size must be a positive number.", output.Trim());
    }
}
