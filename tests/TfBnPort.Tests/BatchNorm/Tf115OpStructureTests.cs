using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// The ops TF 1.15's Python builds for the pieces of batch norm, by name and type, read off the
/// 1.15.0 sources (control_flow_ops.cond, nn_impl.batch_normalization / moments, keras
/// _assign_moving_average). Op names and counts matter beyond looks: the op counter drives the
/// random seeds of every later op.
/// </summary>
public class Tf115OpStructureTests
{
    private static List<string> OpsUnder(Graph graph, string scope) =>
        graph.Operations.Where(op => op.Name.StartsWith(scope + "/")).Select(op => $"{op.Name}:{op.Type}").ToList();

    [Fact]
    public void CondOfOutsideTensorsIsSwitchPivotsAndOneSwitchPerBranchIntoMerge()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var pred = tf.placeholder(tf.@bool, TensorShape.Scalar, name: "pred");
        var a = tf.constant(1f, name: "a");
        var b = tf.constant(2f, name: "b");
        var r = tf.cond(pred, () => a, () => b);
        // BuildCondBranch adds no Identity: each outside result goes through its branch's Switch.
        Assert.Equal(new[]
        {
            "cond/Switch:Switch", "cond/switch_t:Identity", "cond/switch_f:Identity", "cond/pred_id:Identity",
            "cond/Switch_1:Switch", "cond/Switch_2:Switch", "cond/Merge:Merge",
        }, OpsUnder(graph, "cond"));
        Assert.Equal("cond/Merge:0", r.Name);
        using var sess = new Session(graph);
        Assert.Equal(1f, BnTestKit.Read(sess, r, new FeedDict { { pred, true } })[0]);
        Assert.Equal(2f, BnTestKit.Read(sess, r, new FeedDict { { pred, false } })[0]);
    }

    // Expected names: 1.15.0 tensorflow/python/ops/nn_impl.py, batch_normalization (lines 1427-1434):
    //   inv = math_ops.rsqrt(variance + variance_epsilon)      -> add/y, add, Rsqrt
    //   if scale is not None: inv *= scale                     -> mul
    //   return x * cast(inv) + cast(offset - mean * inv if offset is not None else -mean * inv)
    // Python evaluates x * inv first, then (mean * inv, then offset - ...) or (-mean, then * inv), then +;
    // each operator op takes its type's name, uniquified in the "batchnorm" scope; cast adds no op for float32.

    [Fact]
    public void WithScaleAndOffsetInvTimesScaleIsMulAndTheRestShiftsByOne()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(4, 3), name: "x");
        var (mean, variance) = tf.nn.moments(x, new[] { 0 });
        tf.nn.batch_normalization(x, mean, variance, tf.zeros(new[] { 3 }, name: "beta"), tf.ones(new[] { 3 }, name: "gamma"), 0.001);
        // inv *= scale -> mul; x * inv -> mul_1; mean * inv -> mul_2; offset - ... -> sub; + -> add_1.
        Assert.Equal(new[]
        {
            "batchnorm/add/y:Const", "batchnorm/add:AddV2", "batchnorm/Rsqrt:Rsqrt", "batchnorm/mul:Mul",
            "batchnorm/mul_1:Mul", "batchnorm/mul_2:Mul", "batchnorm/sub:Sub", "batchnorm/add_1:AddV2",
        }, OpsUnder(graph, "batchnorm"));
        AssertInputs(graph, "batchnorm/mul", "batchnorm/Rsqrt:0", "gamma:0");
        AssertInputs(graph, "batchnorm/mul_1", "x:0", "batchnorm/mul:0");
        AssertInputs(graph, "batchnorm/mul_2", "moments/Squeeze:0", "batchnorm/mul:0");
        AssertInputs(graph, "batchnorm/sub", "beta:0", "batchnorm/mul_2:0");
        AssertInputs(graph, "batchnorm/add_1", "batchnorm/mul_1:0", "batchnorm/sub:0");
        Assert.Equal(new[] { "moments/mean:Mean", "moments/StopGradient:StopGradient", "moments/SquaredDifference:SquaredDifference",
                "moments/variance:Mean", "moments/Squeeze:Squeeze", "moments/Squeeze_1:Squeeze" },
            OpsUnder(graph, "moments").Where(n => !n.EndsWith(":Const")));
    }

    [Fact]
    public void WithoutScaleOrOffsetXTimesInvIsMulAndTheShiftIsNegTimesInv()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(4, 3), name: "x");
        tf.nn.batch_normalization(x, tf.zeros(new[] { 3 }, name: "m"), tf.ones(new[] { 3 }, name: "v"), null, null, 0.001);
        // No inv *= scale: x * inv -> mul; -mean -> Neg; Neg * inv -> mul_1; + -> add_1.
        Assert.Equal(new[] { "batchnorm/add/y:Const", "batchnorm/add:AddV2", "batchnorm/Rsqrt:Rsqrt", "batchnorm/mul:Mul",
            "batchnorm/Neg:Neg", "batchnorm/mul_1:Mul", "batchnorm/add_1:AddV2" }, OpsUnder(graph, "batchnorm"));
        AssertInputs(graph, "batchnorm/mul", "x:0", "batchnorm/Rsqrt:0");
        AssertInputs(graph, "batchnorm/Neg", "m:0");
        AssertInputs(graph, "batchnorm/mul_1", "batchnorm/Neg:0", "batchnorm/Rsqrt:0");
        AssertInputs(graph, "batchnorm/add_1", "batchnorm/mul:0", "batchnorm/mul_1:0");
    }

    [Fact]
    public void WithOffsetButNoScaleMeanTimesInvIsMul1()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(4, 3), name: "x");
        tf.nn.batch_normalization(x, tf.zeros(new[] { 3 }, name: "m"), tf.ones(new[] { 3 }, name: "v"), tf.zeros(new[] { 3 }, name: "beta"), null, 0.001);
        // x * inv -> mul; mean * inv -> mul_1; offset - ... -> sub; + -> add_1.
        Assert.Equal(new[] { "batchnorm/add/y:Const", "batchnorm/add:AddV2", "batchnorm/Rsqrt:Rsqrt", "batchnorm/mul:Mul",
            "batchnorm/mul_1:Mul", "batchnorm/sub:Sub", "batchnorm/add_1:AddV2" }, OpsUnder(graph, "batchnorm"));
        AssertInputs(graph, "batchnorm/mul_1", "m:0", "batchnorm/Rsqrt:0");
        AssertInputs(graph, "batchnorm/sub", "beta:0", "batchnorm/mul_1:0");
    }

    private static void AssertInputs(Graph graph, string op, params string[] inputs) =>
        Assert.Equal(inputs, graph.OperationByName(op)!.Inputs.Select(t => t.Name));

    [Fact]
    public void KerasFusedUpdatesWithATrainingTensorTakeMomentumFromACondAndSubtractInFloat32()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(2, 2, 2, 3), name: "x");
        var training = tf.placeholder_with_default(false, TensorShape.Scalar, name: "training");
        tf.layers.batch_normalization(x, momentum: 0.9, training: training);
        // momentum = smart_cond(training, 0.9, 1.0): a cond of two Consts; decay = 1.0 − momentum is the Sub "sub".
        Assert.Equal(new[] { "batch_normalization/cond_1/Const:Const", "batch_normalization/cond_1/Const_1:Const", "batch_normalization/cond_1/Merge:Merge" },
            OpsUnder(graph, "batch_normalization/cond_1").Where(n => !n.Contains("witch") && !n.Contains("pred_id")));
        Assert.Equal(new[]
        {
            "batch_normalization/AssignMovingAvg/sub/x:Const", "batch_normalization/AssignMovingAvg/sub:Sub",
            "batch_normalization/AssignMovingAvg/sub_1:Sub", "batch_normalization/AssignMovingAvg/mul:Mul",
        }, OpsUnder(graph, "batch_normalization/AssignMovingAvg"));
        var update = graph.OperationByName("batch_normalization/AssignMovingAvg")!;
        Assert.Equal("AssignSub", update.Type);
        Assert.Same(update, BnTestKit.UpdateOps(graph)[0]);
    }
}
