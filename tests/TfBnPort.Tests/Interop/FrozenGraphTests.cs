using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Checkpoints;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// tf.graph_util and tf.io.write_graph on <see cref="TinyModel"/> (expected outputs computed by hand
/// there); the pruning rules are TF 1.15's graph_util_impl.py.
/// </summary>
public class FrozenGraphTests
{
    [Fact]
    public void FreezingLeavesNoVariableOrAssignAndComputesTheSameOutput()
    {
        var model = TinyModel.Build();
        using var sess = model.InitializedSession();
        var frozen = tf.graph_util.convert_variables_to_constants(sess, model.Graph.as_graph_def(), ["y"]);

        Assert.DoesNotContain(frozen.Node, n => n.Op is "Variable" or "VariableV2" or "Assign");
        // The variables became Consts under their own names; the initializer's Assign ops were not reachable from y.
        Assert.Equal("Const", frozen.Node.Single(n => n.Name == "W").Op);
        Assert.Equal(new[] { "x", "W", "W/read", "b", "b/read", "MatMul", "sum", "check", "y" }.Order(), frozen.Node.Select(n => n.Name).Order());

        using var graph = new Graph();
        using (graph.as_default())
        {
            // Imported under a prefix, with the frozen graph's input replaced by a new placeholder.
            var images = tf.placeholder(tf.float32, new TensorShape(-1, 2), name: "images");
            var y = (Tensor)tf.import_graph_def(frozen, input_map: new Dictionary<string, Tensor> { ["x:0"] = images },
                return_elements: ["y:0"], name: "frozen")![0];
            Assert.Equal("frozen/y:0", y.Name);
            using var frozenSess = tf.Session(graph);
            Assert.Equal(TinyModel.Expected, frozenSess.run(y, new FeedDict { { images, TinyModel.X } }).ToArray<float>());
        }
    }

    [Fact]
    public void ExtractSubGraphKeepsWhatReachesTheDestinationsInGraphOrder()
    {
        var model = TinyModel.Build();
        var sub = tf.graph_util.extract_sub_graph(model.Graph.as_graph_def(), ["MatMul"]);
        // MatMul reads x and W/read; W/read reads W; W's Assign and initial value are not inputs of any of them.
        Assert.Equal(new[] { "x", "W", "W/read", "MatMul" }, sub.Node.Select(n => n.Name));
        var e = Assert.Throws<ValueError>(() => tf.graph_util.extract_sub_graph(model.Graph.as_graph_def(), ["MatMull"]));
        Assert.StartsWith("MatMull is not in graph. The closest names in the graph: MatMul", e.Message);
    }

    [Fact]
    public void RemoveTrainingNodesDropsCheckNumericsAndSplicesIdentities()
    {
        var model = TinyModel.Build();
        var frozen = tf.graph_util.convert_variables_to_constants(model.InitializedSession(), model.Graph.as_graph_def(), ["y"]);
        var pruned = tf.graph_util.remove_training_nodes(frozen, protected_nodes: ["y"]);
        // check (CheckNumerics) goes; W/read and b/read (Identity) are spliced; y is protected.
        Assert.Equal(new[] { "x", "W", "b", "MatMul", "sum", "y" }, pruned.Node.Select(n => n.Name));
        Assert.Equal(new[] { "x", "W" }, pruned.Node.Single(n => n.Name == "MatMul").Input);
        Assert.Equal(new[] { "MatMul", "b" }, pruned.Node.Single(n => n.Name == "sum").Input);
        // TF 1.15 drops an input that named a removed CheckNumerics instead of rewiring it (graph_util_impl.py:
        // `if input_name in names_to_remove: continue`), so y is left without one, exactly as Python leaves it.
        Assert.Empty(pruned.Node.Single(n => n.Name == "y").Input);
    }

    [Theory]
    [InlineData(true, "model.pbtxt")]
    [InlineData(false, "model.pb")]
    public void WriteGraphRoundTripsAsTextAndBinary(bool asText, string name)
    {
        using var dir = new TempCheckpointDir();
        var model = TinyModel.Build();
        var graphDef = model.Graph.as_graph_def();
        var path = tf.io.write_graph(model.Graph, dir.Path, name, as_text: asText);
        Assert.Equal(dir[name], path);
        Assert.Equal(graphDef, GraphIO.ReadGraphDef(path));
        if (asText) Assert.Contains("node {\n  name: \"x\"\n  op: \"Placeholder\"\n", File.ReadAllText(path));
        Assert.Equal(new[] { name }, dir.Entries()); // written atomically: no temporary file left
    }

    [Fact]
    public void ReadingATruncatedOrForeignFileSaysWhatItIsNot()
    {
        using var dir = new TempCheckpointDir();
        var model = TinyModel.Build();
        var bytes = model.Graph.as_graph_def().ToByteArray();
        File.WriteAllBytes(dir["cut.pb"], bytes[..^1]);
        File.WriteAllText(dir["notes.pbtxt"], "this is not a graph\n");

        var cut = Assert.Throws<ModelFileException>(() => GraphIO.ReadGraphDef(dir["cut.pb"]));
        Assert.Contains("is truncated or is not a binary GraphDef", cut.Message);
        var text = Assert.Throws<ModelFileException>(() => GraphIO.ReadGraphDef(dir["notes.pbtxt"]));
        Assert.Contains("is not a text GraphDef", text.Message);
        Assert.Contains("1:1 : Message type \"tensorflow.GraphDef\" has no field named \"this\".", text.Message);
    }
}
