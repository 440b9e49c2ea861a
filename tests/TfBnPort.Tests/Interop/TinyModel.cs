using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// y = x·W + b with W = [[1, 2], [3, 4]], b = [10, 20] (variables), so for x = [[1, 1], [2, 0]] the
/// output is [[14, 26], [12, 24]] by hand; a CheckNumerics and an Identity sit on the way to "y".
/// </summary>
internal sealed class TinyModel
{
    public static readonly float[,] X = { { 1, 1 }, { 2, 0 } };
    public static readonly float[] Expected = { 14, 26, 12, 24 };

    public required Graph Graph { get; init; }
    public required Tensor x { get; init; }
    public required Tensor y { get; init; }

    public static TinyModel Build()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 2), name: "x");
        var W = tf.Variable(new float[,] { { 1, 2 }, { 3, 4 } }, name: "W");
        var b = tf.Variable(new float[] { 10, 20 }, name: "b");
        var sum = tf.add(tf.matmul(x, W), b, name: "sum");
        var checkedSum = tf.debugging.check_numerics(sum, "sum is finite", name: "check");
        var y = tf.identity(checkedSum, name: "y");
        return new TinyModel { Graph = graph, x = x, y = y };
    }

    /// <summary>A session with the variables initialized (their Assign ops run).</summary>
    public Session InitializedSession()
    {
        var sess = tf.Session(Graph);
        using (Graph.as_default()) sess.run(tf.global_variables_initializer());
        return sess;
    }
}
