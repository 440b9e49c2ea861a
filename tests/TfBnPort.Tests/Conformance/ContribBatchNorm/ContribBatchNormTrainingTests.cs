using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.ContribBatchNorm.ContribBnKit;

namespace TfBnPort.Tests.Conformance.ContribBatchNorm;

/// <summary>
/// BatchNormTest's gradient-stability and initializer cases. Expected values: the tests' own NumPy
/// formulas (np.mean/np.var of the inputs, normalized outputs of mean 0 and variance 1) and, for the
/// custom initializer, the hand-derived (9 − 5)/√4·2 + 5 = 9.
/// </summary>
public class ContribBatchNormTrainingTests
{
    /// <summary>
    /// _testTrainMovingVars: inputs around 256, so a moving mean used as a shift could destabilize the
    /// gradients; they must stay within 5e-5 of the first ones while the statistics converge.
    /// </summary>
    private static void TrainMovingVars(bool fused, string dataFormat = "NHWC")
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        const int channels = 32;
        var (shape, channelAxis) = Layout(dataFormat, 10, 7, 7, channels);
        var values = Rand(shape, 1).Select(v => v + 256).ToArray();
        var (expectedMean, expectedVar) = MeanVar(values, shape, channelAxis);
        if (fused) expectedVar = AddBesselsCorrection(10 * 7 * 7, expectedVar).Var;
        var images = Constant(values, shape);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.2, updates_collections: null, is_training: true, fused: fused, data_format: dataFormat);
        Assert.Empty(tf.get_collection(GraphKeys.UPDATE_OPS));
        var objective = tf.reduce_sum(output);
        var imagesGradients = tf.gradients(objective, new object[] { images })[0]!;
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        var initialGradients = Fetch(sess, imagesGradients);
        for (var step = 0; step < 10; step++)
        {
            var fetched = sess.RunValues(new[] { output, imagesGradients }, Array.Empty<Operation>());
            var npOutput = fetched[0].CastTo(DType.Double).ToArray<double>();
            var gradients = fetched[1].CastTo(DType.Double).ToArray<double>();
            // The outputs are close to mean 0 and variance 1 per channel.
            var (outMean, outVar) = MeanVar(npOutput, shape, channelAxis);
            AssertAllClose(new double[channels], outMean, 0.001, 0.001, "output mean");
            AssertAllClose(Enumerable.Repeat(1.0, channels).ToArray(), outVar, 0.01, 0.01, "output variance");
            // The gradients change slowly while the moving mean updates.
            var maxDiff = initialGradients.Zip(gradients).Max(p => Math.Abs(p.First - p.Second));
            Assert.InRange(maxDiff, 0.0, 5e-5 - double.Epsilon);
        }
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testTrainMovingVarsNHWC")]
    public void TrainMovingVarsNHWC() => TrainMovingVars(false, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testTrainMovingVarsNCHW")]
    public void TrainMovingVarsNCHW() => TrainMovingVars(false, "NCHW");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testTrainMovingVarsFusedNHWC")]
    public void TrainMovingVarsFusedNHWC() => TrainMovingVars(true, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCustomInitializer")]
    public void CustomInitializer()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 5, 3, 3, 3 };
        var images = Constant(Enumerable.Repeat(9.0, Size(shape)).ToArray(), shape);
        // constant_initializer of np.ones(channels)·k: every channel holds k, as the scalar initializer gives.
        var output = tf.contrib.layers.batch_norm(images, is_training: false, scale: true, epsilon: 0.0,
            param_initializers: new Dictionary<string, IInitializer>
            {
                ["beta"] = tf.constant_initializer(5.0),
                ["gamma"] = tf.constant_initializer(2.0),
                ["moving_mean"] = tf.constant_initializer(5.0),
                ["moving_variance"] = tf.constant_initializer(4.0),
            });
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        // (9 − 5)/√4·2 + 5 = 9: the output reproduces the images (ε floored at 1.001e-5 by the fused kernel).
        AssertAllClose(9.0, Fetch(sess, output));
    }
}
