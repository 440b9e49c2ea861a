using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.ContribBatchNorm.ContribBnKit;

namespace TfBnPort.Tests.Conformance.ContribBatchNorm;

/// <summary>
/// BatchNormTest's moving-statistics cases: forced (updates_collections=None) and delayed (UPDATE_OPS)
/// updates, zero-debias, evaluation and reuse. Expected statistics are the tests' own np.mean/np.var of
/// the fed values (with _addBesselsCorrection on the fused paths): with decay 0.1, ten updates bring the
/// moving averages within 1e-10 of the batch statistics.
/// </summary>
public class ContribBatchNormUpdateTests
{
    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testZeroDebiasMovingMean")]
    public void ZeroDebiasMovingMean()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 10, 3, 3, 3 };
        var values = Rand(shape, 1);
        var (expectedMean, expectedVar) = MeanVar(values, shape, 3);
        var images = Constant(values, shape);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, updates_collections: null, zero_debias_moving_mean: true, fused: false);
        var movingMean = tf.contrib.framework.get_variables_by_name("BatchNorm/moving_mean")[0];
        var movingVariance = tf.contrib.framework.get_variables_by_name("moving_variance")[0];
        var biased = tf.contrib.framework.get_variables_by_name("biased")[0];
        var localStep = tf.contrib.framework.get_variables_by_name("local_step")[0];
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        AssertAllClose(0, Fetch(sess, localStep));
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(0, Fetch(sess, biased));
        AssertAllClose(1, Fetch(sess, movingVariance));
        for (var i = 0; i < 10; i++)
        {
            AssertAllClose(i, Fetch(sess, localStep), "local_step");
            Run(sess, output);
            // Zero-debiased, moving_mean equals the batch mean after every update.
            AssertAllClose(expectedMean, Fetch(sess, movingMean), what: $"moving_mean after update {i + 1}");
        }
        AssertAllClose(expectedMean, Fetch(sess, movingMean));
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
        AssertAllClose(expectedMean, Fetch(sess, biased), what: "biased");
    }

    /// <summary>_testNoneUpdatesCollections: updates forced with the output, none in UPDATE_OPS.</summary>
    private static void NoneUpdatesCollections(bool fused, string dataFormat = "NHWC", bool zeroDebias = false)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (shape, channelAxis) = Layout(dataFormat, 10, 2, 2, 3);
        var values = Rand(shape, 1);
        var (expectedMean, expectedVar) = MeanVar(values, shape, channelAxis);
        if (fused) expectedVar = AddBesselsCorrection(10 * 2 * 2, expectedVar).Var;
        var images = Constant(values, shape);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, updates_collections: null, fused: fused,
            data_format: dataFormat, zero_debias_moving_mean: zeroDebias);
        Assert.Empty(tf.get_collection(GraphKeys.UPDATE_OPS));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        for (var i = 0; i < 10; i++)
        {
            Run(sess, output);
            if (zeroDebias) AssertAllClose(expectedMean, Fetch(sess, movingMean), what: $"zero-debiased moving_mean after update {i + 1}");
        }
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionsNHWC")]
    public void NoneUpdatesCollectionsNHWC() => NoneUpdatesCollections(false, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionsNCHW")]
    public void NoneUpdatesCollectionsNCHW() => NoneUpdatesCollections(false, "NCHW");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionsNHWCZeroDebias")]
    public void NoneUpdatesCollectionsNHWCZeroDebias() => NoneUpdatesCollections(false, "NHWC", zeroDebias: true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionsNCHWZeroDebias")]
    public void NoneUpdatesCollectionsNCHWZeroDebias() => NoneUpdatesCollections(false, "NCHW", zeroDebias: true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionsFusedNHWC")]
    public void NoneUpdatesCollectionsFusedNHWC() => NoneUpdatesCollections(true, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionsFusedNHWCZeroDebias")]
    public void NoneUpdatesCollectionsFusedNHWCZeroDebias() => NoneUpdatesCollections(true, "NHWC", zeroDebias: true);

    /// <summary>_testDelayedUpdateMovingVars: two updates in UPDATE_OPS, run before the output through a barrier.</summary>
    private static void DelayedUpdateMovingVars(bool fused, string dataFormat = "NHWC", bool zeroDebias = false)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (shape, channelAxis) = Layout(dataFormat, 10, 2, 2, 3);
        var values = Rand(shape, 1);
        var (expectedMean, expectedVar) = MeanVar(values, shape, channelAxis);
        if (fused) expectedVar = AddBesselsCorrection(10 * 2 * 2, expectedVar).Var;
        var images = Constant(values, shape);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, fused: fused, data_format: dataFormat, zero_debias_moving_mean: zeroDebias);
        Assert.Equal(2, tf.get_collection(GraphKeys.UPDATE_OPS).Count);
        output = AfterUpdates(graph, output);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        for (var i = 0; i < 10; i++)
        {
            Run(sess, output);
            if (zeroDebias) AssertAllClose(expectedMean, Fetch(sess, movingMean), what: $"zero-debiased moving_mean after update {i + 1}");
        }
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testDelayedUpdateMovingVarsNHWC")]
    public void DelayedUpdateMovingVarsNHWC() => DelayedUpdateMovingVars(false, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testDelayedUpdateMovingVarsNCHW")]
    public void DelayedUpdateMovingVarsNCHW() => DelayedUpdateMovingVars(false, "NCHW");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testDelayedUpdateMovingVarsFusedNHWC")]
    public void DelayedUpdateMovingVarsFusedNHWC() => DelayedUpdateMovingVars(true, "NHWC");

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testDelayedUpdateMovingVars")]
    public void DelayedUpdateMovingVarsDefault() => DelayedUpdateMovingVars(false);

    /// <summary>_testEvalMovingVars: with is_training=False nothing updates, whatever images are fed.</summary>
    private static void EvalMovingVars(Partitioner? partitioner = null)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        using var partitioned = partitioner is null ? null : tf.variable_scope(tf.get_variable_scope(), partitioner: partitioner);
        int[] shape = { 10, 3, 3, 3 };
        var values = Rand(shape, 2);
        var (expectedMean, expectedVar) = MeanVar(values, shape, 3);
        var images = Constant(values, shape);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, is_training: false);
        Assert.Empty(tf.get_collection(GraphKeys.UPDATE_OPS));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        // Simulate assignment from saver restore.
        Run(sess, tf.assign(movingMean, Constant(expectedMean, new[] { 3 })));
        Run(sess, tf.assign(movingVariance, Constant(expectedVar, new[] { 3 })));
        for (var i = 0; i < 10; i++)
            Run(sess, output, Feed(images, Value(Rand(shape, 100 + i), shape).CastTo(DType.Float)));
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        AssertAllClose(expectedVar, Fetch(sess, movingVariance), what: "moving_variance");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testEvalMovingVars")]
    public void EvalMovingVarsDefault() => EvalMovingVars();

    // batch_norm inside a scope with a 2-shard partitioner: beta (center=True) is cut into parts [2] and [1]
    // (variable_scope._get_partitioned_variable: the first 3 % 2 parts get the extra element), while the
    // moving statistics stay whole (normalization.py disables the partitioner for them).
    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testEvalMovingVarsWithPartitioner")]
    public void EvalMovingVarsWithPartitioner()
    {
        EvalMovingVars(tf.fixed_size_partitioner(2, axis: 0));
        using var graph = new Graph();
        using var _ = graph.as_default();
        using (tf.variable_scope(tf.get_variable_scope(), partitioner: tf.fixed_size_partitioner(2, axis: 0)))
            tf.contrib.layers.batch_norm(Constant(Rand(new[] { 10, 3, 3, 3 }, 1), new[] { 10, 3, 3, 3 }), is_training: false);
        var names = tf.global_variables().Select(v => (v.OpName, string.Join(",", v.Shape.Dims!))).ToList();
        Assert.Equal(new[]
        {
            ("BatchNorm/beta/part_0", "2"), ("BatchNorm/beta/part_1", "1"),
            ("BatchNorm/moving_mean", "3"), ("BatchNorm/moving_variance", "3"),
        }, names);
        Assert.NotNull(graph.get_operation_by_name("BatchNorm/beta/ConcatPartitions/concat"));
    }

    // The Python test passes zero_debias_moving_mean=True to the helper, which ignores it: the same graph.
    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testEvalMovingVarsZeroDebias")]
    public void EvalMovingVarsZeroDebias() => EvalMovingVars();

    /// <summary>_testReuseVars: a training and an evaluation call sharing scope "BN" converge to the same output.</summary>
    private static void ReuseVars(bool fused, bool zeroDebias = false)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 10, 3, 3, 3 };
        var values = Rand(shape, 3);
        var (expectedMean, expectedVar) = MeanVar(values, shape, 3);
        var correction = 1.0;
        if (fused) (expectedVar, correction) = AddBesselsCorrection(10 * 3 * 3, expectedVar);
        var images = Constant(values, shape);
        var outputTrain = tf.contrib.layers.batch_norm(images, decay: 0.1, is_training: true, scope: "BN", fused: fused, zero_debias_moving_mean: zeroDebias);
        var outputEval = tf.contrib.layers.batch_norm(images, decay: 0.1, is_training: false, scope: "BN", reuse: true, fused: fused, zero_debias_moving_mean: zeroDebias);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BN/moving_mean");
        var movingVariance = Var("BN/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        var trainOp = AfterUpdates(graph, outputTrain);
        // Before updates the outputs are different for train and eval.
        Assert.False(AllClose(Fetch(sess, outputTrain), Fetch(sess, outputEval)));
        for (var i = 0; i < 10; i++) Run(sess, trainOp);
        AssertAllClose(expectedMean, Fetch(sess, movingMean), what: "moving_mean");
        var variance = Fetch(sess, movingVariance);
        if (fused) Run(sess, tf.assign(movingVariance, movingVariance / correction));
        AssertAllClose(expectedVar, variance, what: "moving_variance");
        // After convergence output_train and output_eval are the same.
        AssertAllClose(Fetch(sess, outputTrain), Fetch(sess, outputEval), what: "train vs eval output");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testReuseVarsDefault")]
    public void ReuseVarsDefault() => ReuseVars(false);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testReuseVarsFused")]
    public void ReuseVarsFused() => ReuseVars(true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testReuseVarsDefaultZeroDebias")]
    public void ReuseVarsDefaultZeroDebias() => ReuseVars(false, true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testReuseVarsFusedZeroDebias")]
    public void ReuseVarsFusedZeroDebias() => ReuseVars(true, true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoUpdatesWhenIsTrainingFalse")]
    public void NoUpdatesWhenIsTrainingFalse() => NoUpdatesWhenNotTraining(GraphKeys.UPDATE_OPS);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testNoneUpdatesCollectionNoTraining")]
    public void NoneUpdatesCollectionNoTraining() => NoUpdatesWhenNotTraining(null);

    /// <summary>is_training=False: nothing in UPDATE_OPS and the moving statistics stay 0 and 1.</summary>
    private static void NoUpdatesWhenNotTraining(string? updatesCollections)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 10, 3, 3, 3 };
        var images = Constant(Rand(shape, 4), shape);
        var output = tf.contrib.layers.batch_norm(images, decay: 0.1, updates_collections: updatesCollections, is_training: false);
        Assert.Empty(tf.get_collection(GraphKeys.UPDATE_OPS));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var movingMean = Var("BatchNorm/moving_mean");
        var movingVariance = Var("BatchNorm/moving_variance");
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
        for (var i = 0; i < 10; i++) Run(sess, output);
        AssertAllClose(0, Fetch(sess, movingMean));
        AssertAllClose(1, Fetch(sess, movingVariance));
    }
}
