using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.ContribBatchNorm.ContribBnKit;

namespace TfBnPort.Tests.Conformance.ContribBatchNorm;

/// <summary>
/// BatchNormTest's graph-construction cases: argument errors, op and variable names, collections,
/// reuse, dtypes. Expected names and messages are the Python test's own literals.
/// </summary>
public class ContribBatchNormCreationTests
{
    private static (Graph, IDisposable) NewGraph()
    {
        var graph = new Graph();
        return (graph, graph.as_default());
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testBatchNormCenterFalse")]
    public void BatchNormCenterFalse()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var a = tf.placeholder(tf.float32, new TensorShape(10, 10, 10, 10));
        // center=False builds a valid graph (contrib's fused path, NCHW, zero-debias): β is a constant 0.
        tf.contrib.layers.batch_norm(a, center: false, data_format: "NCHW", zero_debias_moving_mean: true);
        Assert.Empty(tf.contrib.framework.get_variables_by_name("beta"));
        Assert.Contains(graph.Operations, op => op.Type == "FusedBatchNormV3" && op.Attr<string>("data_format") == "NCHW");
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testUnknownShape")]
    public void UnknownShape()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var inputs = tf.placeholder(tf.float32);
        var e = Assert.Throws<ValueError>(() => tf.contrib.layers.batch_norm(inputs));
        Assert.Contains("undefined rank", e.Message);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testInvalidDataFormat")]
    public void InvalidDataFormat()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var inputs = tf.placeholder(tf.float32);
        var e = Assert.Throws<ValueError>(() => tf.contrib.layers.batch_norm(inputs, data_format: "CHWN"));
        Assert.Contains("data_format has to be either NCHW or NHWC.", e.Message);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testUnknownChannelsDimNHWC")]
    public void UnknownChannelsDimNHWC()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var inputs = tf.placeholder(tf.float32);
        inputs.SetShape(new TensorShape(5L, 3, 3, -1));
        var e = Assert.Throws<ValueError>(() => tf.contrib.layers.batch_norm(inputs, data_format: "NHWC"));
        Assert.Contains("undefined", e.Message);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testUnknownChannelsDimNCHW")]
    public void UnknownChannelsDimNCHW()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var inputs = tf.placeholder(tf.float32);
        inputs.SetShape(new TensorShape(5L, -1, 3, 3));
        var e = Assert.Throws<ValueError>(() => tf.contrib.layers.batch_norm(inputs, data_format: "NCHW"));
        Assert.Contains("undefined", e.Message);
    }

    /// <summary>_testCreateOp: the output op's name, its static shape, and no regularization loss.</summary>
    private static void CreateOp(bool fused, DType dtype)
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = Constant(Rand(new[] { 5, 3, 3, 3 }, 7), new[] { 5, 3, 3, 3 }, dtype);
        var output = tf.contrib.layers.batch_norm(images, fused: fused);
        var expectedName = fused ? "BatchNorm/FusedBatchNorm" : "BatchNorm/batchnorm";
        Assert.StartsWith(expectedName, output.Op.Name);
        Assert.Equal(new long[] { 5, 3, 3, 3 }, output.Shape.Dims);
        Assert.Empty(tf.get_collection(GraphKeys.REGULARIZATION_LOSSES));
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpDefault")]
    public void CreateOpDefault() => CreateOp(false, DType.Float);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpFused")]
    public void CreateOpFused() => CreateOp(true, DType.Float);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpFusedFloat16")]
    public void CreateOpFusedFloat16() => CreateOp(true, DType.Half);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testVariablesAreFloat32")]
    public void VariablesAreFloat32()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1, dtype: DType.Half);
        tf.contrib.layers.batch_norm(images, scale: true);
        foreach (var name in new[] { "beta", "gamma", "moving_mean", "moving_variance" })
            Assert.Equal(DType.Float.AsRef(), tf.contrib.framework.get_variables_by_name(name)[0].Ref.DType);
    }

    /// <summary>_testCreateOpBetaRegularizer / _testCreateOpGammaRegularizer: one loss, named after the variable.</summary>
    private static void CreateOpRegularizer(string param, bool fused)
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        Func<Tensor, Tensor> reg = x => 0.1 * tf.reduce_sum(x);
        var images = Constant(Rand(new[] { 5, 3, 3, 3 }, 8), new[] { 5, 3, 3, 3 });
        tf.contrib.layers.batch_norm(images, param_regularizers: new Dictionary<string, Func<Tensor, Tensor>> { [param] = reg },
            scale: param == "gamma", fused: fused);
        var losses = tf.get_collection(GraphKeys.REGULARIZATION_LOSSES);
        Assert.Single(losses);
        Assert.Equal($"BatchNorm/{param}/Regularizer/mul", ((Tensor)losses[0]).Op.Name);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpBetaRegularizerFused")]
    public void CreateOpBetaRegularizerFused() => CreateOpRegularizer("beta", true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpBetaRegularizerNonFused")]
    public void CreateOpBetaRegularizerNonFused() => CreateOpRegularizer("beta", false);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpGammaRegularizerFused")]
    public void CreateOpGammaRegularizerFused() => CreateOpRegularizer("gamma", true);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateOpGammaRegularizerNonFused")]
    public void CreateOpGammaRegularizerNonFused() => CreateOpRegularizer("gamma", false);

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateVariables")]
    public void CreateVariables()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images, scale: true);
        Assert.Equal("BatchNorm/beta", tf.contrib.framework.get_variables_by_name("beta")[0].OpName);
        Assert.Equal("BatchNorm/gamma", tf.contrib.framework.get_variables_by_name("gamma")[0].OpName);
        Assert.Equal("BatchNorm/moving_mean", tf.contrib.framework.get_variables_by_name("moving_mean")[0].OpName);
        Assert.Equal("BatchNorm/moving_variance", tf.contrib.framework.get_variables_by_name("moving_variance")[0].OpName);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testMovingAverageVariables")]
    public void MovingAverageVariables()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images, scale: true);
        Assert.Equal(4, tf.contrib.framework.get_model_variables().Count);
        Assert.Equal("BatchNorm/moving_mean", tf.contrib.framework.get_variables_by_name("moving_mean")[0].OpName);
        Assert.Equal("BatchNorm/moving_variance", tf.contrib.framework.get_variables_by_name("moving_variance")[0].OpName);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testMovingAverageVariablesZeroDebias")]
    public void MovingAverageVariablesZeroDebias()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images, scale: true, zero_debias_moving_mean: true, fused: false);
        // The legacy path's variable getter makes zero-debias's biased and local_step model variables too.
        Assert.Equal(6, tf.contrib.framework.get_model_variables().Count);
        Assert.Equal("BatchNorm/moving_mean", tf.contrib.framework.get_variables_by_name("moving_mean")[0].OpName);
        Assert.Equal("BatchNorm/moving_variance", tf.contrib.framework.get_variables_by_name("moving_variance")[0].OpName);
        Assert.Equal("BatchNorm/BatchNorm/moving_mean/biased", tf.contrib.framework.get_variables_by_name("biased")[0].OpName);
        Assert.Equal("BatchNorm/BatchNorm/moving_mean/local_step", tf.contrib.framework.get_variables_by_name("local_step")[0].OpName);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testUpdatesCollection")]
    public void UpdatesCollection()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images, updates_collections: "my_update_ops");
        var updates = tf.get_collection("my_update_ops").Cast<Tensor>().ToList();
        Assert.Equal("BatchNorm/AssignMovingAvg", updates[0].Op.Name);
        Assert.Equal("BatchNorm/AssignMovingAvg_1", updates[1].Op.Name);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testVariablesCollections")]
    public void VariablesCollections()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var variablesCollections = new Dictionary<string, string[]>
        {
            ["beta"] = new[] { "beta" },
            ["gamma"] = new[] { "gamma" },
            ["moving_mean"] = new[] { "moving_mean" },
            ["moving_variance"] = new[] { "moving_variance" },
        };
        var images = tf.random_uniform(new[] { 5, 5, 5, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images, scale: true, variables_collections: variablesCollections);
        foreach (var (varName, collectionNames) in variablesCollections)
        {
            var collection = tf.get_collection(collectionNames[0]);
            Assert.Single(collection);
            Assert.Equal("BatchNorm/" + varName, ((Variable)collection[0]).OpName);
        }
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testReuseVariables")]
    public void ReuseVariables()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images, scale: true, scope: "bn");
        tf.contrib.layers.batch_norm(images, scale: true, scope: "bn", reuse: true);
        Assert.Single(tf.contrib.framework.get_variables_by_name("beta"));
        Assert.Single(tf.contrib.framework.get_variables_by_name("gamma"));
        var movingVars = tf.contrib.framework.get_variables_by_name("moving_mean").Concat(tf.contrib.framework.get_variables_by_name("moving_variance"));
        Assert.Equal(2, movingVars.Count());
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testReuseUpdateOps")]
    public void ReuseUpdateOps()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        // arg_scope([batch_norm], updates_collections='update_ops') is Python's way to pass the argument to both calls.
        tf.contrib.layers.batch_norm(images, scope: "bn", updates_collections: "update_ops");
        Assert.Equal(2, tf.get_collection("update_ops").Count);
        tf.contrib.layers.batch_norm(images, scope: "bn", reuse: true, updates_collections: "update_ops");
        Assert.Equal(4, tf.get_collection("update_ops").Count);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testCreateMovingVars")]
    public void CreateMovingVars()
    {
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var images = tf.random_uniform(new[] { 5, 3, 3, 3 }, seed: 1);
        tf.contrib.layers.batch_norm(images);
        var movingMean = tf.contrib.framework.get_variables("BatchNorm/moving_mean");
        Assert.Single(movingMean);
        Assert.Equal("BatchNorm/moving_mean", movingMean[0].OpName);
        var movingVariance = tf.contrib.framework.get_variables("BatchNorm/moving_variance");
        Assert.Single(movingVariance);
        Assert.Equal("BatchNorm/moving_variance", movingVariance[0].OpName);
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testBatchNormBeta")]
    public void BatchNormBeta()
    {
        // Test case for TF issue 11673: a float16 input with center=False (β a float32 constant) builds and initializes.
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var a32 = tf.placeholder(tf.float32, new TensorShape(10, 10, 10, 10));
        tf.contrib.layers.batch_norm(a32, center: false, data_format: "NCHW", zero_debias_moving_mean: true);
        var a16 = tf.placeholder(DType.Half, new TensorShape(10, 10, 10, 10));
        tf.contrib.layers.batch_norm(a16, center: false, data_format: "NCHW", zero_debias_moving_mean: true);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        Assert.All(tf.global_variables(), v => Assert.Equal(DType.Float, v.DType));
    }

    [Fact]
    [TfTest(LayersTestPy, "BatchNormTest.testAdjustmentCreated")]
    public void AdjustmentCreated()
    {
        // The adjustment is passed to, and called by, the core layer: once, with the input's dynamic shape.
        var (graph, scope) = NewGraph();
        using var _ = graph; using var __ = scope;
        var allAdjustments = new List<Tensor>();
        (Tensor, Tensor) CreateAdjustment(Tensor shape)
        {
            var last = LastDims(shape);
            var adjustments = (tf.fill(last, 1.0f), tf.fill(last, 0.0f));
            allAdjustments.Add(adjustments.Item1);
            allAdjustments.Add(adjustments.Item2);
            return adjustments;
        }
        const int depth = 8;
        var images = tf.zeros(new[] { 10, 5, 5, depth });
        var output = tf.contrib.layers.batch_norm(images, is_training: true, adjustment: CreateAdjustment);
        Assert.Equal(images.Shape, output.Shape);
        Assert.Equal(2, allAdjustments.Count);
        Assert.Equal(new long[] { depth }, allAdjustments[0].Shape.Dims);
        Assert.Equal(new long[] { depth }, allAdjustments[1].Shape.Dims);
    }

    /// <summary>shape[-1:] as Python slices a tensor: StridedSlice(begin [-1], end [0], strides [1], end_mask 1).</summary>
    private static Tensor LastDims(Tensor shape)
    {
        var graph = shape.Graph;
        var begin = tf.constant(new[] { -1 }, name: "strided_slice/stack");
        var end = tf.constant(new[] { 0 }, name: "strided_slice/stack_1");
        var strides = tf.constant(new[] { 1 }, name: "strided_slice/stack_2");
        return graph.NewOperation("StridedSlice", "strided_slice").Input(shape).Input(begin).Input(end).Input(strides)
            .Attr("begin_mask", 0L).Attr("end_mask", 1L).Attr("ellipsis_mask", 0L).Attr("new_axis_mask", 0L).Attr("shrink_axis_mask", 0L)
            .Finish().Output(0);
    }
}
