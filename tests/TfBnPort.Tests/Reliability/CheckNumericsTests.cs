using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// NaN and Inf are not errors by themselves (as in TF1): tf.debugging.check_numerics and
/// tf.add_check_numerics_ops are the opt-in checks, failing the run with TensorFlow's
/// "MESSAGE : Tensor had NaN values".
/// </summary>
public class CheckNumericsTests
{
    private static (Graph Graph, Tensor X, Tensor Total) Build(bool check)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1), name: "x");
        var input = check ? tf.debugging.check_numerics(x, "input batch") : x;
        return (graph, x, tf.reduce_sum(input, name: "total"));
    }

    [Theory]
    [InlineData(float.NaN, 1f, "NaN")]
    [InlineData(float.PositiveInfinity, 1f, "Inf")]
    [InlineData(float.NegativeInfinity, float.NaN, "Inf and NaN")]
    public void CheckNumericsStopsTheRunNamingTheMessageAndTheProblem(float bad, float other, string kind)
    {
        var (graph, x, total) = Build(check: true);
        using var g = graph;
        using var sess = new Session(graph);
        var e = Assert.Throws<TensorflowException>(() => sess.run(total, new FeedDict { { x, new[] { 1f, bad, other } } }));
        Assert.Equal(TF_Code.InvalidArgument, e.Code);
        Assert.Contains($"input batch : Tensor had {kind} values", e.Message);
        Assert.Contains("CheckNumerics", e.Message); // the node, in TensorFlow's [[node ...]] note
    }

    [Fact]
    public void WithoutTheCheckNaNFlowsThroughSilently()
    {
        var (graph, x, total) = Build(check: false);
        using var g = graph;
        using var sess = new Session(graph);
        Assert.True(float.IsNaN(sess.run(total, new FeedDict { { x, new[] { 1f, float.NaN } } }).GetSingle()));
    }

    [Fact]
    public void FiniteValuesPassUnchanged()
    {
        var (graph, x, total) = Build(check: true);
        using var g = graph;
        using var sess = new Session(graph);
        Assert.Equal(6f, sess.run(total, new FeedDict { { x, new[] { 1f, 2f, 3f } } }).GetSingle());
    }

    [Fact]
    public void OnlyFloatTensorsCanBeChecked()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var labels = tf.placeholder(tf.int32, name: "labels");
        var e = Assert.Throws<TypeError>(() => tf.debugging.check_numerics(labels, "labels"));
        Assert.Contains("'labels:0' is int32", e.Message);
    }

    /// <summary>log(x) → ×2 → sum, checked everywhere: the failure names log's output, not what it spoils later.</summary>
    private static (Graph Graph, Tensor X, Tensor Total, Operation Checks) BuildChecked()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1), name: "x");
        var total = tf.reduce_sum(tf.multiply(tf.log(x, name: "log_x"), 2.0, name: "doubled"), name: "total");
        return (graph, x, total, tf.add_check_numerics_ops());
    }

    [Theory]
    [InlineData(-1f, "log_x:0 : Tensor had NaN values")]
    [InlineData(0f, "log_x:0 : Tensor had Inf values")]
    [InlineData(float.NaN, "x:0 : Tensor had NaN values")]
    public void AddCheckNumericsOpsNamesTheFirstOpProducingNaNOrInf(float value, string expected)
    {
        var (graph, x, total, checks) = BuildChecked();
        using var g = graph;
        using var sess = new Session(graph);
        var e = Assert.Throws<TensorflowException>(() =>
            sess.run(new object[] { total, checks }, new FeedDict { { x, new[] { 4f, value } } }));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("doubled:0 :", e.Message);
        Assert.DoesNotContain("total:0 :", e.Message);
    }

    [Fact]
    public void AddCheckNumericsOpsChecksEveryFloatOutputInCreationOrder()
    {
        var (graph, x, total, checks) = BuildChecked();
        using var g = graph;
        var messages = graph.Operations.Where(op => op.Type == "CheckNumerics").Select(op => op.Attr<string>("message")).ToList();
        var floatOutputs = graph.Operations.Where(op => op.Type != "CheckNumerics")
            .SelectMany(op => op.Outputs).Where(t => t.DType == DType.Float).Select(t => t.Name).ToList();
        Assert.Equal(floatOutputs, messages);
        Assert.Equal(new[] { "x:0", "log_x:0", "doubled/y:0", "doubled:0", "total:0" }, messages);

        using var sess = new Session(graph);
        var values = (object?[])sess.run(new object[] { total, checks }, new FeedDict { { x, new[] { 1f, 1f } } })!;
        Assert.Equal(0f, ((NumSharp.NDArray)values[0]!).GetSingle());
    }

    [Fact]
    public void AddCheckNumericsOpsRefusesTfCondAsTf1Does()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var flag = tf.placeholder(tf.@bool, TensorShape.Scalar, name: "flag");
        ControlFlowOps.Cond(flag, () => new[] { tf.constant(1f) }, () => new[] { tf.constant(2f) });
        var e = Assert.Throws<ValueError>(() => tf.add_check_numerics_ops());
        Assert.Contains("not compatible with TensorFlow control flow operations such as `tf.cond()`", e.Message);
        Assert.Contains("check_numerics on the tensors to watch", e.Message);
    }

    [Fact]
    public void TheGradientPassesFiniteGradientsAndChecksThemAsTf115Does()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1), name: "x");
        var checkedX = tf.debugging.check_numerics(x, "x checked");
        var loss = tf.reduce_sum(tf.sqrt(checkedX));
        var grad = tf.gradients(loss, new object[] { x })[0]!;
        using var sess = new Session(graph);

        Assert.Equal(new[] { 0.25f, 0.125f }, sess.run(grad, new FeedDict { { x, new[] { 4f, 16f } } }).ToArray<float>());
        // d sqrt(y)/dy at y = 0 is Inf: the check on the gradient reports it with the forward check's message.
        var e = Assert.Throws<TensorflowException>(() => sess.run(grad, new FeedDict { { x, new[] { 0f, 1f } } }));
        Assert.Contains("Not a number (NaN) or infinity (Inf) values detected in gradient. x checked : Tensor had Inf values", e.Message);
    }
}
