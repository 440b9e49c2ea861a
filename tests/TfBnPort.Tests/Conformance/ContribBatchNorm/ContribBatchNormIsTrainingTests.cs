using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.ContribBatchNorm.ContribBnKit;

namespace TfBnPort.Tests.Conformance.ContribBatchNorm;

/// <summary>
/// BatchNormTest's is_training-as-a-Variable cases (VariableV1(True), fed True or False per run), with
/// delayed (UPDATE_OPS) and forced (updates_collections=None) updates. Expected statistics are the tests'
/// own np.mean/np.var of the fed values (Bessel-corrected on the fused paths).
/// </summary>
public class ContribBatchNormIsTrainingTests
{
    /// <summary>_testIsTrainingVariable: updates run through a barrier; after convergence both modes agree.</summary>
    private static void IsTrainingVariable(bool fused, string dataFormat = "NHWC", bool zeroDebias = false)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (shape, channelAxis) = Layout(dataFormat, 10, 2, 2, 3);
        var values = Rand(shape, 1);
        var (expectedMean, expectedVar) = MeanVar(values, shape, channelAxis);
        var correction = 1.0;
        if (fused) (expectedVar, correction) = AddBesselsCorrection(10 * 2 * 2, expectedVar);
        var images = Constant(values, shape);
        var isTraining = tf.Variable(true);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, is_training: isTraining, fused: fused,
            data_format: dataFormat, zero_debias_moving_mean: zeroDebias);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        // Before updates the outputs are different depending on is_training.
        var outputTrue = Fetch(sess, output, Feed(isTraining, true));
        var outputFalse = Fetch(sess, output, Feed(isTraining, false));
        Assert.False(AllClose(outputTrue, outputFalse));
        var trainOp = AfterUpdates(graph, output);
        for (var i = 0; i < 10; i++) Run(sess, trainOp);
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
        // After updates to convergence the outputs don't depend on is_training.
        outputTrue = Fetch(sess, output, Feed(isTraining, true));
        if (fused) Run(sess, tf.assign(movingVariance, movingVariance / correction));
        outputFalse = Fetch(sess, output, Feed(isTraining, false));
        AssertAllClose(outputTrue, outputFalse, what: "output with is_training True vs False");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testIsTrainingVariableNHWC")]
    public void IsTrainingVariableNHWC() => IsTrainingVariable(false, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testIsTrainingVariableNCHW")]
    public void IsTrainingVariableNCHW() => IsTrainingVariable(false, "NCHW");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testIsTrainingVariableNHWCZeroDebias")]
    public void IsTrainingVariableNHWCZeroDebias() => IsTrainingVariable(false, "NHWC", zeroDebias: true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testIsTrainingVariableNCHWZeroDebias")]
    public void IsTrainingVariableNCHWZeroDebias() => IsTrainingVariable(false, "NCHW", zeroDebias: true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testIsTrainingVariableFusedNHWC")]
    public void IsTrainingVariableFusedNHWC() => IsTrainingVariable(true, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testIsTrainingVariableFusedNHWCZeroDebias")]
    public void IsTrainingVariableFusedNHWCZeroDebias() => IsTrainingVariable(true, "NHWC", zeroDebias: true);

    /// <summary>_testNoneUpdatesCollectionIsTrainingVariable: forced updates only in runs fed is_training=True.</summary>
    private static void NoneUpdatesCollectionIsTrainingVariable(bool fused, string dataFormat = "NHWC")
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (shape, channelAxis) = Layout(dataFormat, 10, 2, 2, 3);
        var values = Rand(shape, 1);
        var (expectedMean, expectedVar) = MeanVar(values, shape, channelAxis);
        var correction = 1.0;
        if (fused) (expectedVar, correction) = AddBesselsCorrection(10 * 2 * 2, expectedVar);
        var images = Constant(values, shape);
        var isTraining = tf.Variable(true);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, updates_collections: null, is_training: isTraining,
            fused: fused, data_format: dataFormat);
        Assert.Empty(tf.get_collection(GraphKeys.UPDATE_OPS));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        // When is_training is False batch_norm doesn't update moving_vars.
        for (var i = 0; i < 10; i++) Run(sess, output, Feed(isTraining, false));
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        // Before updates the outputs are different depending on is_training.
        var outputTrue = Fetch(sess, output, Feed(isTraining, true));
        var outputFalse = Fetch(sess, output, Feed(isTraining, false));
        Assert.False(AllClose(outputTrue, outputFalse));
        // When is_training is True the moving statistics update.
        for (var i = 0; i < 10; i++) Run(sess, output, Feed(isTraining, true));
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
        // After updates to convergence the outputs don't depend on is_training.
        outputTrue = Fetch(sess, output, Feed(isTraining, true));
        if (fused) Run(sess, tf.assign(movingVariance, movingVariance / correction));
        outputFalse = Fetch(sess, output, Feed(isTraining, false));
        Assert.True(AllClose(outputTrue, outputFalse, 1e-5, 1e-8), "np.allclose(output_true, output_false) after convergence");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionIsTrainingVariableNHWC")]
    public void NoneUpdatesCollectionIsTrainingVariableNHWC() => NoneUpdatesCollectionIsTrainingVariable(false, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionIsTrainingVariableNCHW")]
    public void NoneUpdatesCollectionIsTrainingVariableNCHW() => NoneUpdatesCollectionIsTrainingVariable(false, "NCHW");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionIsTrainingVariableFusedNHWC")]
    public void NoneUpdatesCollectionIsTrainingVariableFusedNHWC() => NoneUpdatesCollectionIsTrainingVariable(true, "NHWC");
}
