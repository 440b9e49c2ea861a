using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// A cond inside a cond branch: the outer branch brings an outside value in through its Switch
/// and the inner branch switches that (CondContext.AddValue on the outer context first); ops built
/// in the inner branch count as values of the outer one too. Values and gradients for all four
/// combinations of the predicates.
/// </summary>
public class NestedCondTests
{
    [Theory]
    [InlineData(true, true, 2.0)]
    [InlineData(true, false, 3.0)]
    [InlineData(false, true, 4.0)]
    [InlineData(false, false, 4.0)]
    public void NestedCondSelectsTheRightBranchAndDifferentiatesThroughIt(bool outer, bool inner, double factor)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float64, new TensorShape(3), name: "x");
        var p1 = tf.placeholder(tf.@bool, TensorShape.Scalar, name: "p1");
        var p2 = tf.placeholder(tf.@bool, TensorShape.Scalar, name: "p2");
        var scale = tf.constant(new[] { 1.0, 2.0, 3.0 }, name: "scale");
        var y = tf.cond(p1,
            () => tf.cond(p2, () => x * 2.0 * scale, () => x * 3.0 * scale),
            () => x * 4.0 * scale);
        var dx = tf.gradients(tf.reduce_sum(y), new object[] { x })[0]!;
        using var sess = new Session(graph);
        var feed = new FeedDict { { x, new[] { 1.0, -2.0, 0.5 } }, { p1, outer }, { p2, inner } };
        var values = sess.RunValues(new[] { y, dx }, Array.Empty<Operation>(), feed);
        Assert.Equal(new[] { 1.0 * factor, -4.0 * factor, 1.5 * factor }, values[0].ToArray<double>());
        Assert.Equal(new[] { 1.0 * factor, 2.0 * factor, 3.0 * factor }, values[1].ToArray<double>());
    }
}
