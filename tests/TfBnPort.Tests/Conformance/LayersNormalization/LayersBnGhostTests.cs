using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// BNTest's ghost (virtual batch) cases (normalization_test.py, TF 1.15). Expected values: the
/// test's NumPy formulas — reshape to [virtual_batch_size, B/virtual_batch_size, ...], moments
/// per sub-batch, moving averages of their mean over sub-batches — rewritten over NdArray.
/// </summary>
public class LayersBnGhostTests
{
    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBNNegativeVirtualBatch")]
    public void NegativeVirtualBatch()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inp = tf.random_uniform(new[] { 6, 5, 4, 3 }, seed: 1);
        var error = Assert.Throws<ValueError>(() => tf.layers.batch_normalization(inp, virtual_batch_size: -1));
        Assert.Contains("virtual_batch_size must be a positive integer", error.Message);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBNVirtualBatchFull")]
    public void VirtualBatchFull()
    {
        var shape = new[] { 6, 5, 4, 3 };
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inp = tf.random_uniform(shape, seed: 1);
        var out1 = tf.layers.batch_normalization(inp);
        var out2 = tf.layers.batch_normalization(inp, virtual_batch_size: 6);
        Assert.Equal(out1.Shape, out2.Shape);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        // As in the test, x is fed in place of the random input: one sub-batch of the whole batch is plain BN.
        var x = NdArray.Random(new Random(31), shape);
        var y = Run(sess, new[] { out1, out2 }, feed: new FeedDict { { inp, Float32(x) } });
        AllClose(y[0], y[1], 1e-5, what: "full virtual batch vs none");
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBNInputOutputShapesMatch")]
    public void InputOutputShapesMatch()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inp = tf.random_uniform(new[] { 6, 4, 3 }, seed: 1);
        var output = tf.layers.batch_normalization(inp, virtual_batch_size: 3);
        Assert.Equal(new TensorShape(6, 4, 3), output.Shape);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBNUnknownBatchSize")]
    public void UnknownBatchSize()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inp = tf.placeholder(tf.float32, new TensorShape(-1, 5, 4));
        var output = tf.layers.batch_normalization(inp, virtual_batch_size: 2);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var y = Run(sess, output, feed: new FeedDict { { inp, Float32(NdArray.Random(new Random(32), 10, 5, 4)) } });
        Assert.Equal(new[] { 10, 5, 4 }, y.Shape);
    }

    /// <summary>The body the four numeric ghost tests share: 5 steps of training then inference against NumPy.</summary>
    private static void GhostCase(int seed, int[] shape, BatchNormAxis axis, int virtualBatchSize, int[] statAxes, int[] movingShape, double atol, bool? fused = null)
    {
        const double beta = 2, gamma = 3, momentum = 0.8, epsilon = 1e-3;
        var movingMeans = NdArray.Full(0, movingShape);
        var movingVars = NdArray.Full(1, movingShape);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inp = tf.placeholder(tf.float32, new TensorShape(shape));
        var isTraining = tf.placeholder(tf.@bool);
        var bn = new tf.layers.BatchNormalization(axis: axis, momentum: momentum, epsilon: epsilon,
            beta_initializer: tf.constant_initializer(beta), gamma_initializer: tf.constant_initializer(gamma),
            virtual_batch_size: virtualBatchSize, fused: fused);
        var output = bn.apply(inp, isTraining);
        Assert.Equal(false, bn.fused);
        var ghostShape = new[] { virtualBatchSize, shape[0] / virtualBatchSize }.Concat(shape.Skip(1)).ToArray();
        var rng = new Random(seed);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 0; step < 5; step++)
        {
            var x = NdArray.Random(rng, shape);
            var subBatched = x.Reshape(ghostShape);
            var means = subBatched.Mean(statAxes, keepdims: true);
            var variances = subBatched.Var(statAxes, keepdims: true);
            var avgMeans = means.Mean(new[] { 1 }, keepdims: true);
            var avgVariances = variances.Mean(new[] { 1 }, keepdims: true);
            movingMeans = movingMeans * momentum + avgMeans * (1 - momentum);
            movingVars = movingVars * momentum + avgVariances * (1 - momentum);
            var yTrain = ((subBatched - means) / (variances + epsilon).Map(Math.Sqrt) * gamma + beta).Reshape(shape);
            var yTest = ((subBatched - movingMeans) / (movingVars + epsilon).Map(Math.Sqrt) * gamma + beta).Reshape(shape);

            var yValTrain = Run(sess, output, bn.updates, new FeedDict { { inp, Float32(x) }, { isTraining, true } });
            var yValTest = Run(sess, output, feed: new FeedDict { { inp, Float32(x) }, { isTraining, false } });
            AllClose(yTrain, yValTrain, atol, what: $"training output, step {step}");
            AllClose(yTest, yValTest, atol, what: $"inference output, step {step}");
        }
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBN2Dims")]
    public void Ghost2Dims() => GhostCase(33, new[] { 6, 2 }, -1, 3, new[] { 0 }, new[] { 2, 2 }, 1e-5);

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBN4DimsAxis3")]
    public void Ghost4DimsAxis3() => GhostCase(34, new[] { 6, 10, 10, 3 }, 3, 2, new[] { 0, 2, 3 }, new[] { 1, 1, 1, 1, 3 }, 1e-2);

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBN4DimsAxis1")]
    public void Ghost4DimsAxis1() => GhostCase(35, new[] { 6, 3, 10, 10 }, 1, 2, new[] { 0, 3, 4 }, new[] { 1, 1, 3, 1, 1 }, 1e-2, fused: false);

    [Fact]
    [TfTest(PyFile, "BNTest.testGhostBN5DimsMultiAxis14")]
    public void Ghost5DimsMultiAxis14() => GhostCase(36, new[] { 6, 3, 10, 10, 4 }, new[] { 1, 4 }, 3, new[] { 0, 3, 4 }, new[] { 1, 1, 3, 1, 1, 4 }, 1e-2, fused: false);
}
