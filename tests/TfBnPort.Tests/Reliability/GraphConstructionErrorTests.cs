using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// Shape errors at graph construction, beyond Binding (MatMul shapes; get_variable reuse rules
/// in NamingAndCollectionTests): broadcasting in an elementwise add, with both shapes named,
/// and a graph that stays usable afterwards.
/// </summary>
public class GraphConstructionErrorTests
{
    [Fact]
    public void AddOfBroadcastIncompatibleShapesNamesBothShapesAtConstruction()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "a");
        var b = tf.constant(new float[4], name: "b");

        var e = Assert.Throws<ValueError>(() => tf.add(a, b));
        Assert.Contains("Dimensions must be equal, but are 3 and 4", e.Message);
        Assert.Contains("'Add' (Add)", e.Message); // tf.add names its op Add, as Python's
        Assert.Contains("a:0 (?, 3) float32", e.Message);
        Assert.Contains("b:0 (4,) float32", e.Message);
    }

    [Fact]
    public void ThePlusOperatorReportsTheSame()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.placeholder(tf.float32, new TensorShape(2, 3), name: "a");
        var b = tf.placeholder(tf.float32, new TensorShape(3, 2), name: "b");

        var e = Assert.Throws<ValueError>(() => a + b);
        Assert.Contains("(AddV2)", e.Message);
        Assert.Contains("a:0 (2, 3)", e.Message);
        Assert.Contains("b:0 (3, 2)", e.Message);
    }

    [Fact]
    public void AFailedOpLeavesNoTraceAndTheGraphKeepsWorking()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "a");
        var opsBefore = graph.Operations.Count;
        Assert.Throws<ValueError>(() => tf.add(a, tf.constant(new float[4], name: "b")));

        Assert.Equal(opsBefore + 1, graph.Operations.Count); // only the constant b
        Assert.Null(graph.OperationByName("Add"));
        var sum = tf.add(a, tf.constant(new float[] { 1, 2, 3 }));
        Assert.Equal("Add_1", sum.Op.Name); // Python also spends the failed op's name
        using var sess = new Session(graph);
        Assert.Equal(new float[] { 2, 3, 4 }, sess.run(sum, new FeedDict { { a, new float[,] { { 1, 1, 1 } } } }).ToArray<float>());
    }
}
