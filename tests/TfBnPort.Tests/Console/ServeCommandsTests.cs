using System.Text.RegularExpressions;
using TfBnPort.Samples;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Cli;

/// <summary>
/// export / show / score on geron-dnn's committed checkpoint, on the first 1,000 MNIST test digits: every
/// form the model travels in (SavedModel from export and from simple_save, loaded by TensorFlow's own
/// loader; the frozen GraphDef; the .meta with its checkpoint) scores exactly what `eval` computes from the
/// checkpoint, which is the reference here.
/// </summary>
[Collection(SampleRunsCollection.Name)]
public class ServeCommandsTests
{
    private const int Limit = 1000;
    private const string Logits = "dnn/batch_normalization_2/batchnorm/add_1";

    private static string Checkpoint => Path.Combine(TfBnPort.Tests.Models.CommittedModelsTests.ModelsDirectory(), "geron-dnn", GeronDnnSample.CheckpointName);

    /// <summary>What eval counts on the same digits (in_top_k on the restored inference graph).</summary>
    private static int EvalCorrect()
    {
        var result = SampleCatalog.Find("geron-dnn").Evaluate(Checkpoint, new SampleOptions { Log = TextWriter.Null, OutputDir = Path.GetTempPath(), TestLimit = Limit });
        var a = result.Accuracies.Single();
        Assert.Equal(Limit, a.Examples);
        return (int)Math.Round(a.Value * a.Examples);
    }

    private static int ScoredCorrect(string text)
    {
        var last = text.TrimEnd().Split('\n')[^1];
        var m = Regex.Match(last, @"^accuracy (\d\.\d{4}) \((\d+)/(\d+)\)$");
        Assert.True(m.Success, $"last line: {last}");
        Assert.Equal(Limit.ToString(), m.Groups[3].Value);
        return int.Parse(m.Groups[2].Value);
    }

    [Fact]
    public void ExportedSavedModelFrozenGraphAndMetaScoreWhatEvalGives()
    {
        using var output = new TempOutput();
        var savedModel = Path.Combine(output.Path, "sm");
        var frozen = Path.Combine(output.Path, "frozen.pb");
        var (code, text) = CliRunner.Run("export", "geron-dnn", "--checkpoint", Checkpoint, "--saved-model", savedModel, "--frozen", frozen);
        Assert.True(code == 0, text);
        var expected = EvalCorrect();

        (code, text) = CliRunner.Run("score", savedModel, "--limit", $"{Limit}");
        Assert.True(code == 0, text);
        Assert.Equal(expected, ScoredCorrect(text));

        (code, text) = CliRunner.Run("score", frozen, "--input", "X", "--output", Logits, "--limit", $"{Limit}");
        Assert.True(code == 0, text);
        Assert.Equal(expected, ScoredCorrect(text));

        (code, text) = CliRunner.Run("score", Checkpoint + ".meta", "--input", "X:0", "--output", Logits + ":0", "--limit", $"{Limit}");
        Assert.True(code == 0, text);
        Assert.Equal(expected, ScoredCorrect(text));

        // The committed SavedModel (models/geron-dnn/saved_model, made by this export) too.
        (code, text) = CliRunner.Run("score", Path.Combine(Path.GetDirectoryName(Checkpoint)!, "saved_model"), "--limit", $"{Limit}");
        Assert.True(code == 0, text);
        Assert.Equal(expected, ScoredCorrect(text));

        // show lists the signature as saved_model_cli does.
        (code, text) = CliRunner.Run("show", savedModel);
        Assert.True(code == 0, text);
        Assert.Contains("MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:", text);
        Assert.Contains("signature_def['serving_default']:", text);
        Assert.Contains("    inputs['images'] tensor_info:\n        dtype: DT_FLOAT\n        shape: (-1, 784)\n        name: X:0", text);
        Assert.Contains("    outputs['classes'] tensor_info:\n        dtype: DT_INT64", text);
        Assert.Contains("  Method name is: tensorflow/serving/predict", text);
        Assert.Contains("Written by TensorFlow 1.15.0.", text);
        Assert.Matches(@"Variables: 18 \(", text); // 3 dense layers (kernel, bias) + 3 BN layers (gamma, beta, moving mean, moving variance)
    }

    [Fact]
    public void FrozenGraphHasNoVariablesAndImportsUnderAPrefixWithAnInputMap()
    {
        using var output = new TempOutput();
        var frozen = Path.Combine(output.Path, "frozen.pb");
        var (code, text) = CliRunner.Run("export", "geron-dnn", "--checkpoint", Checkpoint, "--saved-model", Path.Combine(output.Path, "sm"), "--frozen", frozen);
        Assert.True(code == 0, text);
        var graphDef = GraphIO.ReadGraphDef(frozen);
        Assert.DoesNotContain(graphDef.Node, n => n.Op is "Variable" or "VariableV2" or "Assign" or "AssignSub");

        var data = GeronDnnData.Load(limit: 0, testLimit: Limit);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var images = tf.placeholder(tf.float32, new TensorShape(-1, 784), name: "images");
        var logits = (Tensor)tf.import_graph_def(graphDef, input_map: new Dictionary<string, Tensor> { ["X:0"] = images },
            return_elements: [Logits + ":0"], name: "frozen")![0];
        Assert.StartsWith("frozen/", logits.Name);
        using var sess = tf.Session(graph);
        var predicted = sess.run(tf.argmax(logits, 1), new FeedDict { { images, data.X_test } }).ToArray<long>();
        var labels = data.y_test.ToArray<int>();
        Assert.Equal(EvalCorrect(), predicted.Where((p, i) => p == labels[i]).Count());
    }

    [Fact]
    public void SimpleSaveOfTheInferenceGraphLoadsThroughTensorflowAndScoresWhatEvalGives()
    {
        using var output = new TempOutput();
        var export = Path.Combine(output.Path, "simple");
        var serving = GeronDnnServing.Build();
        using (serving.Graph)
        using (var sess = tf.Session(serving.Graph))
        {
            serving.Saver.restore(sess, Checkpoint);
            tf.saved_model.simple_save(sess, export, new Dictionary<string, Tensor> { ["x"] = serving.Images },
                new Dictionary<string, Tensor> { ["logits"] = serving.Logits });
        }
        // simple_save adds the builder's own saver (save_1) beside the graph's Saver (save), as TF 1.15's does. Both
        // are saver.py-shaped (their ops run only when that saver runs, with a prefix fed), so the default safety
        // check lets the model in, and it scores what eval gives.
        var (code, text) = CliRunner.Run("score", export, "--limit", $"{Limit}");
        Assert.True(code == 0, text);
        Assert.Equal(EvalCorrect(), ScoredCorrect(text));
    }
}
