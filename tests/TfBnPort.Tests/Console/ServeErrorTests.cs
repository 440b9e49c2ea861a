using Google.Protobuf;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Cli;

/// <summary>Every bad model input to show/score/export: one "error: …" line, exit code 1, no stack trace, nothing written.</summary>
[Collection(SampleRunsCollection.Name)]
public class ServeErrorTests
{
    private static string Models => TfBnPort.Tests.Models.CommittedModelsTests.ModelsDirectory();
    private static string GeronMeta => Path.Combine(Models, "geron-dnn", GeronDnnSample.CheckpointName + ".meta");

    private static string OneError(params string[] args)
    {
        var (code, text) = CliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", text);
        Assert.Single(text.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", text);
        return text;
    }

    [Fact]
    public void AFileThatIsNoModelOrIsTruncatedSaysWhich()
    {
        using var output = new TempOutput();
        var garbage = Path.Combine(output.Path, "model.pb");
        File.WriteAllBytes(garbage, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        Assert.Contains("is not a binary GraphDef", OneError("score", garbage));
        var cut = Path.Combine(output.Path, "cut.meta");
        var bytes = File.ReadAllBytes(GeronMeta);
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 7)]);
        Assert.Contains("is truncated or is not a binary MetaGraphDef", OneError("show", cut));
        Assert.Contains("is not a SavedModel", OneError("score", output.Path));
        Assert.Contains("is not a text GraphDef", OneError("show", WriteText(output, "notes.pbtxt", "hello: world\n")));
    }

    [Fact]
    public void AnUnknownOpIsNamedWithTheVersionThatWroteTheGraph()
    {
        using var output = new TempOutput();
        var meta = new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { TensorflowVersion = "2.9.0" },
            GraphDef = new GraphDef { Node = { new NodeDef { Name = "x", Op = "Placeholder" }, new NodeDef { Name = "y", Op = "XlaFancyOp", Input = { "x" } } } },
        };
        var path = Path.Combine(output.Path, "model.meta");
        File.WriteAllBytes(path, meta.ToByteArray());
        var text = OneError("score", path);
        Assert.Contains("uses op 'XlaFancyOp' (node 'y'), which TensorFlow 1.15.0 does not have; the graph was written by TensorFlow 2.9.0", text);
    }

    [Fact]
    public void AMissingOrMismatchedCheckpointIsRefused()
    {
        using var output = new TempOutput();
        var lonely = Path.Combine(output.Path, "model.ckpt.meta");
        File.Copy(GeronMeta, lonely);
        Assert.Contains("does not exist (model.ckpt.index is missing)", OneError("score", lonely, "--input", "X", "--output", "eval/Mean"));
        var other = Path.Combine(Models, "bn-vs-nobn", "bn.ckpt");
        Assert.Contains($"The checkpoint '{other}' does not match the graph", OneError("score", GeronMeta, "--checkpoint", other, "--input", "X"));
    }

    [Fact]
    public void NamesThatDoNotExistListWhatDoes()
    {
        var text = OneError("score", GeronMeta, "--input", "X", "--output", "dnn/batch_normalization_2/batchnorm/add1");
        Assert.Contains("Tensor 'dnn/batch_normalization_2/batchnorm/add1:0' is not in the graph", text);
        Assert.Contains("The closest names in the graph: dnn/batch_normalization_2/batchnorm/add:0, dnn/batch_normalization_2/batchnorm/add_1:0", text);
        var signature = OneError("score", Path.Combine(Models, "geron-dnn", "saved_model"), "--signature", "predict");
        Assert.Contains("has no signature 'predict'; its signatures: serving_default.", signature);
    }

    [Fact]
    public void AWrongFeedShapeIsRefused()
    {
        using var output = new TempOutput();
        var model = TfBnPort.Tests.Interop.TinyModel.Build(); // x: [?, 2]
        var frozen = tf.graph_util.convert_variables_to_constants(model.InitializedSession(), model.Graph.as_graph_def(), ["y"]);
        var path = tf.io.write_graph(frozen, output.Path, "tiny.pb", as_text: false);
        var text = OneError("score", path, "--input", "x", "--output", "sum", "--limit", "10");
        Assert.Contains("Cannot feed value of shape (10, 784) for Tensor 'x:0', which has shape '(?, 2)'", text);
    }

    [Fact]
    public void ExportIntoANonEmptyDirectoryWritesNothing()
    {
        using var output = new TempOutput();
        var target = Path.Combine(output.Path, "sm");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");
        var frozen = Path.Combine(output.Path, "frozen.pb");
        var text = OneError("export", "geron-dnn", "--checkpoint", Path.Combine(Models, "geron-dnn", GeronDnnSample.CheckpointName),
            "--saved-model", target, "--frozen", frozen);
        Assert.Contains("Export directory already exists, and isn't empty.", text);
        Assert.False(File.Exists(frozen));
        Assert.Equal(new[] { "sm" }, Directory.EnumerateFileSystemEntries(output.Path).Select(Path.GetFileName));
        Assert.Equal(new[] { "keep.txt" }, Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    private static string WriteText(TempOutput output, string name, string text)
    {
        var path = Path.Combine(output.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
