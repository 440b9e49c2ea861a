using Google.Protobuf;
using NumSharp;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// Graph.as_graph_def parses what TF_GraphToGraphDef writes into the generated GraphDef, survives a
/// re-serialization, and imports into a fresh graph that computes the same numbers.
/// </summary>
public class GraphDefRoundTripTests
{
    // y = relu(x·W + b) with W = [[1,-2],[3,4]], b = [0.5,-10]: for x = [1,1] → x·W + b = [4.5,-8] → relu = [4.5,0].
    private static (Graph Graph, Tensor X, Tensor Y) SmallNet()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 2), name: "x");
        var w = tf.constant(new float[,] { { 1, -2 }, { 3, 4 } }, name: "W");
        var b = tf.constant(new float[] { 0.5f, -10f }, name: "b");
        var y = tf.nn.relu(tf.matmul(x, w) + b, name: "y");
        return (graph, x, y);
    }

    [Fact]
    public void GraphDefParsesWithEveryNodeAndItsAttributes()
    {
        var (graph, _, _) = SmallNet();
        using var owner = graph;
        var graphDef = graph.as_graph_def();

        Assert.Equal(graph.Operations.Select(o => o.Name), graphDef.Node.Select(n => n.Name));
        var placeholder = graphDef.Node.Single(n => n.Name == "x");
        Assert.Equal("Placeholder", placeholder.Op);
        Assert.Equal(DataType.DtFloat, placeholder.Attr["dtype"].Type);
        Assert.Equal(new long[] { -1, 2 }, placeholder.Attr["shape"].Shape.Dim.Select(d => d.Size));
        var relu = graphDef.Node.Single(n => n.Name == "y");
        Assert.Equal(new[] { "add" }, relu.Input);
        // The constant's value travels as packed little-endian floats in tensor_content.
        var w = graphDef.Node.Single(n => n.Name == "W").Attr["value"].Tensor;
        Assert.Equal(new float[] { 1, -2, 3, 4 }, MemoryMarshalFloats(w.TensorContent.ToByteArray()));
        Assert.True(graphDef.Versions.Producer > 0, "TF_GraphToGraphDef stamps the producer version");
    }

    [Fact]
    public void ReserializedGraphDefIsTheSameMessage()
    {
        var (graph, _, _) = SmallNet();
        using var owner = graph;
        var graphDef = graph.as_graph_def();
        var again = GraphDef.Parser.ParseFrom(graphDef.ToByteArray());
        Assert.Equal(graphDef, again);
        Assert.Equal(graph.ToGraphDef().Length, graphDef.CalculateSize());
    }

    [Fact]
    public void ImportedIntoAFreshGraphComputesTheSameValues()
    {
        var (source, x, y) = SmallNet();
        using var owner = source;
        var feed = new float[,] { { 1, 1 }, { -1, 2 } };
        using var sourceSession = tf.Session(source);
        var expected = sourceSession.run(y, new FeedDict { { x, feed } }).ToArray<float>();
        // Hand-derived: [1,1]·W + b = [4.5,-8] → [4.5,0]; [-1,2]·W + b = [5.5,0] → [5.5,0].
        Assert.Equal(new float[] { 4.5f, 0, 5.5f, 0 }, expected);

        using var fresh = new Graph();
        using (fresh.as_default())
            tf.import_graph_def(GraphDef.Parser.ParseFrom(source.as_graph_def().ToByteArray()), name: "");
        var x2 = fresh.get_tensor_by_name("x:0");
        var y2 = fresh.get_tensor_by_name("y:0");
        using var sess = tf.Session(fresh);
        Assert.Equal(expected, sess.run(y2, new FeedDict { { x2, feed } }).ToArray<float>());
    }

    [Fact]
    public void ImportedOpsAreFirstClassForGradientsNamingAndAttributes()
    {
        var (source, _, _) = SmallNet();
        using var owner = source;
        using var fresh = new Graph();
        using var _ = fresh.as_default();
        tf.import_graph_def(source.as_graph_def(), name: "");

        var x = fresh.get_tensor_by_name("x:0");
        var y = fresh.get_tensor_by_name("y:0");
        Assert.Equal(new[] { "add" }, y.Op.Inputs.Select(t => t.Op.Name));
        Assert.Contains(fresh.get_operation_by_name("y"), fresh.get_tensor_by_name("add:0").Consumers());
        // Const values come back as recorded attributes (what constant folding in the gradients reads).
        Assert.Equal(new float[] { 0.5f, -10f }, fresh.get_operation_by_name("b").Attr<TensorValue>("value").ToNDArray().ToArray<float>());

        // A new op asking for a taken name gets Python's next free one.
        Assert.Equal("y_1", tf.identity(y, name: "y").Op.Name);

        // d(sum y)/dx through the imported Relu/Add/MatMul: rows where relu is active take W's row sums.
        // Row [1,1]: active units {0} → [W00, W10] = [1,3]; row [-1,2] active {0} → [1,3].
        var grad = tf.gradients(tf.reduce_sum(y), new object[] { x })[0]!;
        using var sess = tf.Session(fresh);
        var g = sess.run(grad, new FeedDict { { x, new float[,] { { 1, 1 }, { -1, 2 } } } });
        Assert.Equal(new float[] { 1, 3, 1, 3 }, g.ToArray<float>());
    }

    private static float[] MemoryMarshalFloats(byte[] bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
