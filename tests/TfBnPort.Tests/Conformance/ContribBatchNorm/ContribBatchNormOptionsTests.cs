using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.ContribBatchNorm.ContribBnKit;

namespace TfBnPort.Tests.Conformance.ContribBatchNorm;

/// <summary>
/// contrib batch_norm options BatchNormTest leaves untested on some paths (not TF ports; no TfTest
/// attribute): regularizers on contrib's own fused path, collections on all three paths, the CPU
/// kernel's NCHW refusal, the legacy path's renorm refusal and any-rank moments, activation_fn.
/// Expected values are hand-derived or the NumPy formula (x − mean)/√(var + ε).
/// </summary>
public class ContribBatchNormOptionsTests
{
    [Fact]
    public void FusedPathRegularizersAddOneLossPerCreatedVariable()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(8, 5));
        Func<Tensor, Tensor> reg = v => 0.1 * tf.reduce_sum(v);
        var regularizers = new Dictionary<string, Func<Tensor, Tensor>> { ["beta"] = reg, ["gamma"] = reg };
        var initializers = new Dictionary<string, IInitializer> { ["beta"] = tf.constant_initializer(2.0), ["gamma"] = tf.constant_initializer(3.0) };
        // Rank 2 takes contrib's own fused path; the reusing call finds the variables and adds no loss.
        tf.contrib.layers.batch_norm(x, scale: true, param_initializers: initializers, param_regularizers: regularizers, scope: "bn");
        tf.contrib.layers.batch_norm(x, scale: true, param_initializers: initializers, param_regularizers: regularizers, scope: "bn", reuse: true);
        var losses = tf.get_collection(GraphKeys.REGULARIZATION_LOSSES).Cast<Tensor>().ToList();
        Assert.Equal(new[] { "bn/beta/Regularizer/mul", "bn/gamma/Regularizer/mul" }, losses.Select(l => l.Op.Name));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        // 0.1 · Σ over 5 channels of 2 (β) and of 3 (γ).
        AssertAllClose(new[] { 1.0 }, Fetch(sess, losses[0]), what: "beta loss");
        AssertAllClose(new[] { 1.5 }, Fetch(sess, losses[1]), what: "gamma loss");
    }

    [Theory]
    [InlineData("contrib fused (rank 2)", 2, true, GraphKeys.UPDATE_OPS)]
    [InlineData("core layer (rank 4)", 4, true, GraphKeys.UPDATE_OPS)]
    [InlineData("legacy (fused=False, updates_collections=None)", 4, false, null)]
    public void VariablesAndOutputsCollectionsOnEachPath(string path, int rank, bool fused, string? updates)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(rank == 2 ? new long[] { 8, 3 } : new long[] { 2, 2, 2, 3 }));
        var y = tf.contrib.layers.batch_norm(x, scale: true, fused: fused, updates_collections: updates,
            variables_collections: new[] { "bn_vars" }, outputs_collections: new[] { "bn_outputs" });
        // A plain list of collections applies to every variable; each path creates its own order.
        var expected = rank == 4 && fused
            ? new[] { "BatchNorm/moving_mean", "BatchNorm/moving_variance", "BatchNorm/beta", "BatchNorm/gamma" }
            : new[] { "BatchNorm/beta", "BatchNorm/gamma", "BatchNorm/moving_mean", "BatchNorm/moving_variance" };
        Assert.True(expected.SequenceEqual(tf.get_collection("bn_vars").Cast<Variable>().Select(v => v.OpName)), $"{path}: bn_vars");
        Assert.Same(y, Assert.Single(tf.get_collection("bn_outputs")));
        Assert.Equal(4, tf.contrib.framework.get_model_variables().Count);
    }

    [Fact]
    public void NchwOnContribsFusedPathBuildsAndTheCpuKernelRefusesIt()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(4, 3));
        var y = tf.contrib.layers.batch_norm(x, data_format: "NCHW", updates_collections: null);
        // Rank 2 is reshaped to [-1, C, 1, 1] for NCHW (NHWC would give [N, 1, 1, C]), then back to the input's shape.
        var reshape = graph.Operations.First(op => op.Type == "Reshape");
        Assert.Equal(new long[] { 4, 3, 1, 1 }, reshape.Outputs[0].Shape.Dims);
        Assert.Equal(new long[] { 4, 3 }, y.Shape.Dims);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var e = Assert.ThrowsAny<Exception>(() => Fetch(sess, y, Feed(x, new float[4, 3])));
        Assert.Contains("NHWC", e.Message);
    }

    [Fact]
    public void LegacyPathRefusesRenormWithTfsMessage()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(4, 2, 2, 3));
        var e = Assert.Throws<ValueError>(() => tf.contrib.layers.batch_norm(x, renorm: true, updates_collections: null));
        Assert.Equal("renorm is not supported with batch_weights, updates_collections or zero_debias_moving_mean", e.Message);
    }

    [Fact]
    public void LegacyPathNormalizesRank3InputsAndAppliesTheActivation()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 4, 5, 3 };
        var values = Rand(shape, 11).Select(v => 4 * v - 1).ToArray();
        var x = Constant(values, shape);
        // Rank 3 cannot be fused: with updates_collections=None this is the legacy moments path.
        var y = tf.contrib.layers.batch_norm(x, fused: false, updates_collections: null, activation_fn: (t, n) => tf.nn.relu(t, n));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var (mean, variance) = MeanVar(values, shape, 2);
        var expected = values.Select((v, i) => Math.Max(0, (v - mean[i % 3]) / Math.Sqrt(variance[i % 3] + 0.001))).ToArray();
        AssertAllClose(expected, Fetch(sess, y), 1e-5, 1e-5, "relu(batch_norm(x))");
        // One forced update from 0 and 1 with decay 0.999.
        AssertAllClose(mean.Select(m => 0.001 * m).ToArray(), Fetch(sess, Var("BatchNorm/moving_mean")), 1e-5, 1e-7, "moving_mean");
    }

    [Fact]
    public void RenormGoesToTheCoreLayerWithRenormDecayAsItsMomentum()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 8, 3 };
        var values = Rand(shape, 12).Select(v => 3 * v + 1).ToArray();
        var x = Constant(values, shape);
        // Rank 2 would take contrib's fused path, but renorm is not possible to fuse: the core layer builds it.
        var y = tf.contrib.layers.batch_norm(x, decay: 0.9, renorm: true, renorm_decay: 0.5);
        Assert.DoesNotContain(graph.Operations, op => op.Type.StartsWith("FusedBatchNorm"));
        var renormVariables = new[] { "BatchNorm/moving_stddev", "BatchNorm/renorm_mean", "BatchNorm/renorm_stddev" };
        Assert.All(renormVariables, name => Assert.Contains(name, tf.contrib.framework.get_model_variables().Select(v => v.OpName)));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        Run(sess, AfterUpdates(graph, y));
        // One step from 0: renorm_mean moves by 1 − renorm_decay = 0.5, moving_mean by 1 − decay = 0.1.
        var mean = MeanVar(values, shape, 1).Mean;
        AssertAllClose(mean.Select(m => 0.5 * m).ToArray(), Fetch(sess, Var("BatchNorm/renorm_mean")), 1e-5, 1e-6, "renorm_mean");
        AssertAllClose(mean.Select(m => 0.1 * m).ToArray(), Fetch(sess, Var("BatchNorm/moving_mean")), 1e-5, 1e-6, "moving_mean");
    }
}
