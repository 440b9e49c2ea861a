using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// tf.contrib.layers.batch_norm's defaults (scale=False: no γ variable, a constant 1; scopes
/// BatchNorm, BatchNorm_1; MODEL_VARIABLES) on both of its paths, and seed 000's use of it on
/// variables the seed made itself (variable_scope(scope, reuse=True)).
/// </summary>
public class ContribDefaultsTests
{
    [Fact]
    public void DenseInputsTakeContribsFusedPathWithoutGammaInScopesBatchNormAndBatchNorm_1()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(8, 5), name: "x");
        tf.contrib.layers.batch_norm(tf.contrib.layers.batch_norm(x));
        string[] perScope = { "beta", "moving_mean", "moving_variance" };
        var expected = new[] { "BatchNorm", "BatchNorm_1" }.SelectMany(s => perScope.Select(v => $"{s}/{v}")).ToArray();
        Assert.Equal(expected, tf.global_variables().Select(v => v.OpName));
        Assert.Equal(expected, graph.GetCollection(GraphKeys.MODEL_VARIABLES).Cast<Variable>().Select(v => v.OpName));
        Assert.Equal(new[] { "BatchNorm/beta", "BatchNorm_1/beta" }, tf.trainable_variables().Select(v => v.OpName));
        // scale=False: γ is array_ops.constant(1.0, shape=[C]), the scope's first "Const".
        var ones = graph.OperationByName("BatchNorm/Const");
        Assert.NotNull(ones);
        Assert.Equal("Const", ones!.Type);
        Assert.Contains(graph.Operations, op => op.Type == "FusedBatchNormV3" && op.Inputs[1].Op == ones);
        // UPDATE_OPS holds the AssignMovingAvg tensors (contrib adds Tensors, not Operations).
        var updates = graph.GetCollection(GraphKeys.UPDATE_OPS);
        Assert.All(updates, u => Assert.IsType<Tensor>(u));
        Assert.Equal(new[] { "BatchNorm/AssignMovingAvg:0", "BatchNorm/AssignMovingAvg_1:0", "BatchNorm_1/AssignMovingAvg:0", "BatchNorm_1/AssignMovingAvg_1:0" },
            updates.Cast<Tensor>().Select(t => t.Name));
    }

    [Fact]
    public void DefaultDecayIs0999AndEpsilonIs0001()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        int[] shape = { 8, 5 };
        var x = tf.placeholder(tf.float32, new TensorShape(shape), name: "x");
        var y = tf.contrib.layers.batch_norm(x);
        var updates = BnTestKit.UpdateOps(graph);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var batch = BnTestKit.Batch(shape, 21);
        var output = sess.RunValues(new[] { y }, updates, new FeedDict { { x, BnTestKit.Value(batch, shape) } })[0].ToArray<float>();
        var reference = BatchNormReference.ForwardTraining(new Batch(BnTestKit.Widen(batch), shape), null, null, 0.001);
        BnTestKit.Close(reference.Output.ToArray(), output, 1e-5, what: "y with ε = 0.001");
        // One step from 0 with decay 0.999 (1 − decay as the float32 of 0.001): moving_mean = 0.001·μ.
        var mean = BnTestKit.Read(sess, BnTestKit.Var(graph, "BatchNorm/moving_mean"));
        BnTestKit.Close(reference.Mean.Select(m => m * (float)(1 - 0.999)).ToArray(), mean, 1e-5, floor: 1e-3, what: "moving_mean after one step");
    }

    [Fact]
    public void Rank4InputsWithTheDefaultCollectionGoToTheCoreLayerStillWithoutGamma()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(2, 3, 3, 4), name: "x");
        tf.contrib.layers.batch_norm(x);
        var expected = new[] { "BatchNorm/beta", "BatchNorm/moving_mean", "BatchNorm/moving_variance" };
        Assert.Equal(expected, tf.global_variables().Select(v => v.OpName));
        Assert.Equal(expected, graph.GetCollection(GraphKeys.MODEL_VARIABLES).Cast<Variable>().Select(v => v.OpName));
        // The core layer files Operations; its γ constant is made in build, before β (op order drives seeds).
        var updates = graph.GetCollection(GraphKeys.UPDATE_OPS);
        Assert.Equal(new[] { "BatchNorm/AssignMovingAvg", "BatchNorm/AssignMovingAvg_1" }, updates.Cast<Operation>().Select(op => op.Name));
        var ones = graph.OperationByName("BatchNorm/Const")!;
        Assert.True(ones.Id < BnTestKit.Var(graph, "BatchNorm/beta").Op.Id);
    }

    [Fact]
    public void ScaleTrueCreatesGammaInEachPathsOrder()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.contrib.layers.batch_norm(tf.placeholder(tf.float32, new TensorShape(8, 5)), scale: true);
        tf.contrib.layers.batch_norm(tf.placeholder(tf.float32, new TensorShape(2, 3, 3, 4)), scale: true);
        // contrib's own path: beta, gamma, ...; the core (keras) layer: gamma, beta, ...
        Assert.Equal(new[]
        {
            "BatchNorm/beta", "BatchNorm/gamma", "BatchNorm/moving_mean", "BatchNorm/moving_variance",
            "BatchNorm_1/gamma", "BatchNorm_1/beta", "BatchNorm_1/moving_mean", "BatchNorm_1/moving_variance",
        }, tf.global_variables().Select(v => v.OpName));
    }

    [Fact]
    public void NonTrainableCoreLayerAddsNoUpdateOps()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.contrib.layers.batch_norm(tf.placeholder(tf.float32, new TensorShape(2, 3, 3, 4)), trainable: false);
        Assert.Empty(graph.GetCollection(GraphKeys.UPDATE_OPS));
        Assert.Empty(tf.trainable_variables());
    }

    [Fact]
    public void Seed000ReusesTheVariablesItCreatedWithGetVariable()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var g = new Seed000Graph();
        // initialize() made 6 variables per scope; batch_norm(scope, reuse=True) made none, filed none under MODEL_VARIABLES.
        Assert.Equal(new[] { "hidden_layer", "output_layer" }.SelectMany(s =>
                new[] { "weights", "biases", "beta", "gamma", "moving_mean", "moving_variance" }.Select(v => $"{s}/{v}")).Append("Variable"),
            tf.global_variables().Where(v => !v.OpName.Contains("Adam") && !v.OpName.StartsWith("beta")).Select(v => v.OpName));
        Assert.Empty(graph.GetCollection(GraphKeys.MODEL_VARIABLES));
        // The batch norm reads the seed's beta and updates the seed's moving statistics; the seed's gamma is unused (scale=False).
        var bn = graph.Operations.First(op => op.Type == "FusedBatchNormV3" && op.Name.StartsWith("hidden_layer_2/"));
        Assert.Equal("hidden_layer/beta/read", bn.Inputs[2].Op.Name);
        var updates = BnTestKit.UpdateOps(graph);
        Assert.Equal("hidden_layer/moving_mean", updates[0].Inputs[0].Op.Name);
        Assert.Equal("hidden_layer/moving_variance", updates[1].Inputs[0].Op.Name);
        Assert.Null(tf.gradients(g.Loss, new object[] { BnTestKit.Var(graph, "hidden_layer/gamma") })[0]);
    }

    [Fact]
    public void ReuseTrueOnAScopeWithoutTheVariablesRaisesTf1sError()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(8, 5));
        var e = Assert.Throws<ValueError>(() => tf.contrib.layers.batch_norm(x, scope: "hidden_layer", reuse: true));
        Assert.Contains("hidden_layer/beta does not exist", e.Message);
    }
}
