using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.AxisBody;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// BNTest's functional cases (normalization_test.py, TF 1.15): tf.layers.batch_normalization with a
/// name, reuse=True, and reuse from an enclosing variable scope. Expected values: the test's NumPy
/// formulas (AxisBody); variable names and counts: the Python test's assertions.
/// </summary>
public class LayersBnFunctionalTests
{
    private static Dictionary<string, Variable> GlobalsByName() => tf.global_variables().ToDictionary(v => v.Name);

    [Fact]
    [TfTest(PyFile, "BNTest.testFunctionalNoReuse")]
    public void FunctionalNoReuse()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inputs = RandomInputs(11, new[] { 5, 4, 3, 6 }, offset: 0);
        var training = tf.placeholder(tf.@bool);
        var outputs = tf.layers.batch_normalization(inputs, axis: -1, momentum: 0.9, epsilon: Epsilon, training: training, name: "bn");
        var updates = graph.GetCollection(GraphKeys.UPDATE_OPS);
        var all = GlobalsByName();
        var built = new BnUnderTest(outputs, outputs, training, updates,
            all["bn/gamma:0"], all["bn/beta:0"], all["bn/moving_mean:0"], all["bn/moving_variance:0"]);
        Check(graph, inputs, built, new[] { 1, 1, 1, 6 }, new[] { 0, 1, 2 });
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testFunctionalReuse")]
    public void FunctionalReuse()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inputs1 = RandomInputs(12, new[] { 5, 4, 3, 6 }, offset: 0);
        var inputs2 = RandomInputs(13, new[] { 5, 4, 3, 6 }, offset: 0);
        var training = tf.placeholder(tf.@bool);
        tf.layers.batch_normalization(inputs1, axis: -1, momentum: 0.9, epsilon: Epsilon, training: training, name: "bn");
        var outputs2 = tf.layers.batch_normalization(inputs2, axis: -1, momentum: 0.9, epsilon: Epsilon, training: training, name: "bn", reuse: true);
        // The last two update ops are the second call's, on the same variables.
        var updates = graph.GetCollection(GraphKeys.UPDATE_OPS).TakeLast(2).ToList();
        var all = GlobalsByName();
        Assert.Equal(4 + 2, all.Count);
        var (gamma, beta, movingMean, movingVariance) = (all["bn/gamma:0"], all["bn/beta:0"], all["bn/moving_mean:0"], all["bn/moving_variance:0"]);

        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        NdArray output = null!;
        for (var step = 0; step < 100; step++)
            output = Run(sess, outputs2, updates, new FeedDict { { training, true } });

        var npInputs = Read(sess, inputs2);
        AllClose(npInputs.Mean(new[] { 0, 1, 2 }), Read(sess, movingMean), 1e-2, what: "moving_mean");
        AllClose(npInputs.Std(new[] { 0, 1, 2 }).Map(s => s * s), Read(sess, movingVariance), 1e-2, what: "moving_variance");

        var npGamma = Read(sess, gamma).Reshape(1, 1, 1, 6);
        var npBeta = Read(sess, beta).Reshape(1, 1, 1, 6);
        var normed = (output - Epsilon) * npGamma + npBeta;
        AlmostEqual(0, normed.MeanAll(), 2, "training mean");
        AlmostEqual(1, normed.StdAll(), 1, "training std");

        var inferred = Run(sess, outputs2, feed: new FeedDict { { training, false } });
        var inferNormed = (inferred - Epsilon) * npGamma + npBeta;
        AlmostEqual(0, inferNormed.MeanAll(), 2, "inference mean");
        AlmostEqual(1, inferNormed.StdAll(), 1, "inference std");
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testFunctionalReuseFromScope")]
    public void FunctionalReuseFromScope()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var inputs = RandomInputs(14, new[] { 5, 4, 3, 6 }, offset: 0);
        var training = tf.placeholder(tf.@bool);
        using (tf.variable_scope("scope"))
        {
            tf.layers.batch_normalization(inputs, axis: -1, momentum: 0.9, epsilon: Epsilon, training: training);
            Assert.Equal(5, tf.global_variables().Count);
        }
        using (tf.variable_scope("scope", reuse: true))
        {
            tf.layers.batch_normalization(inputs, axis: -1, momentum: 0.9, epsilon: Epsilon, training: training);
            Assert.Equal(5, tf.global_variables().Count);
        }
    }
}
