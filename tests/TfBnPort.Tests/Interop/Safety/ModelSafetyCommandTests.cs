using Google.Protobuf;
using TfBnPort.Tests.Cli;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.FaultWorker.CraftedModels;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>
/// The crafted models through the console: a frozen .pb whose logits depend on a WriteFile
/// node, and a .meta whose saver's default restore path escapes its directory. Whether the target
/// file exists afterwards is the evidence that the check (and nothing else) stopped the write.
/// </summary>
public class ModelSafetyCommandTests
{
    [Fact]
    public void ScoreRefusesAFrozenGraphThatWritesAFileAndWritesNothing()
    {
        using var dir = new ScratchDir("safety-cli");
        var target = dir["written-by-the-model.txt"];
        File.WriteAllBytes(dir["model.pb"], Classifier(writeFileTo: target).ToByteArray());

        var (code, output) = CliRunner.Run("score", dir["model.pb"], "--input", "images:0", "--output", "logits:0", "--limit", "10");

        Assert.Equal(1, code);
        var error = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Refused to run the model", error);
        Assert.Contains("WriteFile ('write_it': writes a file)", error);
        Assert.Contains("--allow-ops WriteFile", error);
        Assert.False(File.Exists(target));
    }

    /// <summary>The same command with the op allowed runs the graph, which writes the file: so the check is what stopped it above.</summary>
    [Fact]
    public void ScoreWithAllowOpsWriteFileRunsItAndTheFileIsWritten()
    {
        using var dir = new ScratchDir("safety-cli");
        var target = dir["written-by-the-model.txt"];
        File.WriteAllBytes(dir["model.pb"], Classifier(writeFileTo: target).ToByteArray());

        var (code, output) = CliRunner.Run("score", dir["model.pb"], "--input", "images:0", "--output", "logits:0", "--limit", "10", "--allow-ops", "WriteFile");

        Assert.True(code == 0, output);
        Assert.Equal("written by the model", File.ReadAllText(target)); // the contents Const of CraftedModels.Classifier
        // All-equal weights give equal logits; argmax takes class 0, so accuracy = share of zeros among the first 10 labels (5 0 4 1 9 2 1 3 1 4: one).
        Assert.EndsWith("accuracy 0.1000 (1/10)", output.TrimEnd());
    }

    [Fact]
    public void ScoreRefusesAMetaWhoseRestorePathEscapesItsDirectory()
    {
        using var dir = new ScratchDir("safety-cli");
        Directory.CreateDirectory(dir["model"]);
        File.WriteAllBytes(dir["model/model.meta"], MetaWithSaver("../elsewhere/model").ToByteArray());

        var (code, output) = CliRunner.Run("score", dir["model/model.meta"], "--input", "images:0", "--output", "logits:0", "--limit", "10");

        Assert.Equal(1, code);
        var error = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'../elsewhere/model' escapes the model's directory", error);
        Assert.Contains("save/Const", error);
    }

    [Fact]
    public void ScoreRefusesAMetaWhoseCheckpointStateNamesAPrefixElsewhere()
    {
        using var dir = new ScratchDir("safety-cli");
        Directory.CreateDirectory(dir["model"]);
        File.WriteAllBytes(dir["model/model.meta"], MetaWithSaver().ToByteArray());
        File.WriteAllText(dir["model/checkpoint"], $"model_checkpoint_path: \"{dir["other/model.ckpt"]}\"\n");

        var (code, output) = CliRunner.Run("score", dir["model/model.meta"], "--input", "images:0", "--output", "logits:0", "--limit", "10");

        Assert.Equal(1, code);
        Assert.Contains("is outside the model's directory", output);
    }

    [Fact]
    public void ShowNamesTheRiskyNodesOfBothAndRunsNothing()
    {
        using var dir = new ScratchDir("safety-cli");
        var target = dir["written-by-the-model.txt"];
        File.WriteAllBytes(dir["model.pb"], Classifier(writeFileTo: target).ToByteArray());
        Directory.CreateDirectory(dir["model"]);
        File.WriteAllBytes(dir["model/model.meta"], MetaWithSaver("/tmp/elsewhere/model").ToByteArray());

        var (pbCode, pb) = CliRunner.Run("show", dir["model.pb"]);
        var (metaCode, meta) = CliRunner.Run("show", dir["model/model.meta"]);

        Assert.Equal((0, 0), (pbCode, metaCode));
        Assert.Contains("  file system:", pb);
        Assert.Contains("    write_it (WriteFile): writes a file", pb);
        Assert.Contains("--allow-ops WriteFile", pb);
        Assert.Contains("save/Const (PlaceholderWithDefault): the saver's default checkpoint path '/tmp/elsewhere/model' escapes the model's directory", meta);
        Assert.False(File.Exists(target));
    }

    /// <summary>The limits (timeout_in_ms, sizes) leave a clean model alone: it scores as computed above.</summary>
    [Fact]
    public void ACleanFrozenGraphScoresWithTheDefaultLimits()
    {
        using var dir = new ScratchDir("safety-cli");
        File.WriteAllBytes(dir["model.pb"], Classifier().ToByteArray());
        var (code, output) = CliRunner.Run("score", dir["model.pb"], "--input", "images:0", "--output", "logits:0", "--limit", "10");
        Assert.True(code == 0, output);
        Assert.EndsWith("accuracy 0.1000 (1/10)", output.TrimEnd());
    }

    [Fact]
    public void ScoreRefusesAFeedOverTheStatedLimit()
    {
        using var dir = new ScratchDir("safety-cli");
        File.WriteAllBytes(dir["model.pb"], Classifier().ToByteArray());
        // 10,000 digits × 784 × 4 bytes = 31,360,000 bytes > 1 MiB.
        var (code, output) = CliRunner.Run("score", dir["model.pb"], "--input", "images:0", "--output", "logits:0", "--max-tensor-mb", "1");
        Assert.Equal(1, code);
        Assert.Contains("is 31360000 bytes, over the limit of 1048576 bytes per run", output);
    }
}
