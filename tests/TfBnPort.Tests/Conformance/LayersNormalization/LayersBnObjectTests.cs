using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// BNTest's layer-object cases (normalization_test.py, TF 1.15): what a built
/// tf.layers.BatchNormalization holds (updates, variables, losses, constraints) and files in the
/// graph's collections. Expected counts and lists: the Python test's own assertions.
/// </summary>
public class LayersBnObjectTests
{
    private static (tf.layers.BatchNormalization Bn, Tensor Outputs) Apply(tf.layers.BatchNormalization bn, int[] shape, DType dtype = DType.Float)
    {
        var inputs = tf.random_uniform(shape, seed: 1, dtype: dtype);
        var training = tf.placeholder(tf.@bool);
        return (bn, bn.apply(inputs, training));
    }

    private static void AssertCollectionsMatch(Graph graph, tf.layers.BatchNormalization bn)
    {
        Assert.Equal(bn.updates, graph.GetCollection(GraphKeys.UPDATE_OPS));
        Assert.Equal(bn.trainable_variables.Cast<object>(), graph.GetCollection(GraphKeys.TRAINABLE_VARIABLES));
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testCreateBN")]
    public void CreateBN()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (bn, outputs) = Apply(new tf.layers.BatchNormalization(axis: 1), new[] { 5, 4, 3 });
        Assert.Equal(new TensorShape(5, 4, 3), outputs.Shape);
        Assert.Equal(2, bn.updates.Count);
        Assert.Equal(4, bn.variables.Count);
        Assert.Equal(2, bn.trainable_variables.Count);
        Assert.Equal(2, bn.non_trainable_variables.Count);
        AssertCollectionsMatch(graph, bn);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testCreateFusedBNFloat16")]
    public void CreateFusedBNFloat16()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (bn, outputs) = Apply(new tf.layers.BatchNormalization(axis: 1, fused: true), new[] { 5, 4, 3, 3 }, DType.Half);
        Assert.Equal(new TensorShape(5, 4, 3, 3), outputs.Shape);
        Assert.Equal(DType.Half, outputs.DType);
        Assert.Equal(2, bn.updates.Count);
        Assert.Equal(4, bn.variables.Count);
        Assert.Equal(2, bn.trainable_variables.Count);
        Assert.Equal(2, bn.non_trainable_variables.Count);
        // float16 inputs, float32 variables (TF's float32_ref).
        foreach (var v in bn.variables) Assert.Equal(DType.Float, v.DType);
        AssertCollectionsMatch(graph, bn);
        // Axis 1 of a rank-4 input is fused in NCHW (TF builds it so; only a GPU kernel runs it).
        Assert.Equal(true, bn.fused);
        var fusedOps = graph.Operations.Where(o => o.Type == "FusedBatchNormV3").ToList();
        Assert.Equal(2, fusedOps.Count);
        Assert.All(fusedOps, o => Assert.Equal("NCHW", o.Attr<string>("data_format")));
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testNoCenter")]
    public void NoCenter()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (bn, outputs) = Apply(new tf.layers.BatchNormalization(axis: 1, center: false), new[] { 5, 4, 3 });
        Assert.Equal(new TensorShape(5, 4, 3), outputs.Shape);
        Assert.Equal(2, bn.updates.Count);
        Assert.Equal(3, bn.variables.Count);
        Assert.Equal(1, bn.trainable_variables.Count);
        Assert.Equal(2, bn.non_trainable_variables.Count);
        Assert.Null(bn.beta);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testNoScale")]
    public void NoScale()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (bn, outputs) = Apply(new tf.layers.BatchNormalization(axis: 1, scale: false), new[] { 5, 4, 3 });
        Assert.Equal(new TensorShape(5, 4, 3), outputs.Shape);
        Assert.Equal(2, bn.updates.Count);
        Assert.Equal(3, bn.variables.Count);
        Assert.Equal(1, bn.trainable_variables.Count);
        Assert.Equal(2, bn.non_trainable_variables.Count);
        Assert.Null(bn.gamma);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testRegularizers")]
    public void Regularizers()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Func<Tensor, Tensor> reg = x => 0.1 * tf.reduce_sum(x);
        var (bn1, _) = Apply(new tf.layers.BatchNormalization(axis: 1, beta_regularizer: reg), new[] { 5, 4, 3 });
        Assert.Single(bn1.losses);
        var (bn2, _) = Apply(new tf.layers.BatchNormalization(axis: 1, gamma_regularizer: reg), new[] { 5, 4, 3 });
        Assert.Single(bn2.losses);
        // Beyond the Python test: the losses are tf.layers' REGULARIZATION_LOSSES, and each is 0.1·Σ of its
        // variable's initial value (beta zeros → 0, gamma ones of 4 channels → 0.4).
        Assert.Equal(new object[] { bn1.losses[0], bn2.losses[0] }, graph.GetCollection(GraphKeys.REGULARIZATION_LOSSES));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        Assert.Equal(0.0, Run(sess, bn1.losses[0]).Data[0], 6);
        Assert.Equal(0.4, Run(sess, bn2.losses[0]).Data[0], 6);
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testConstraints")]
    public void Constraints()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Func<Tensor, Tensor> gConstraint = x => x / tf.reduce_sum(x);
        Func<Tensor, Tensor> bConstraint = x => x / tf.reduce_max(x);
        var bn = new tf.layers.BatchNormalization(axis: 1, gamma_constraint: gConstraint, beta_constraint: bConstraint);
        var inputs = tf.random_uniform(new[] { 5, 4, 3 }, seed: 1);
        bn.apply(inputs);
        Assert.Same(gConstraint, bn.gamma_constraint);
        Assert.Same(bConstraint, bn.beta_constraint);
    }
}
