using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

/// <summary>
/// Partitioned variables (tf.fixed_size_partitioner + variable_scope(partitioner=...)). Expected part
/// shapes are hand-derived from variable_scope._get_partitioned_variable's rule: size // parts each,
/// the first size % parts one longer; names "NAME/part_i"; the value is the parts concatenated.
/// </summary>
public class PartitionedVariableTests
{
    private static double[] Values(Session sess, Tensor t) =>
        sess.RunValues(new[] { t }, Array.Empty<Operation>(), null)[0].CastTo(DType.Double).ToArray<double>();

    [Fact]
    public void PartsAreNamedAndShapedAsTfCutsThem()
    {
        // fixed_size_partitioner(3) on [5, 2]: min(3, 5) = 3 parts on axis 0; on axis 1: min(3, 2) = 2.
        Assert.Equal(new[] { 3, 1 }, tf.fixed_size_partitioner(3)(new TensorShape(5, 2), DType.Float));
        Assert.Equal(new[] { 1, 2 }, tf.fixed_size_partitioner(3, axis: 1)(new TensorShape(5, 2), DType.Float));

        using var graph = new Graph();
        using var _ = graph.as_default();
        PartitionedVariable w;
        using (tf.variable_scope("outer", partitioner: tf.fixed_size_partitioner(3)))
        using (tf.variable_scope("inner")) // inherits the partitioner
            w = tf.get_partitioned_variable("w", new[] { 5, 2 }, initializer: tf.ones_initializer());
        var parts = w.Select(p => (p.OpName, string.Join(",", p.Shape.Dims!))).ToList();
        Assert.Equal(new[] { ("outer/inner/w/part_0", "2,2"), ("outer/inner/w/part_1", "2,2"), ("outer/inner/w/part_2", "1,2") }, parts);
        Assert.Equal("outer/inner/w", w.Name);
        Assert.Equal(new TensorShape(5, 2), w.Shape);
        Assert.Equal(parts.Select(p => p.OpName), tf.global_variables().Select(v => v.OpName));
        Assert.Equal(parts.Select(p => p.OpName), tf.trainable_variables().Select(v => v.OpName));
    }

    [Fact]
    public void AsATensorItIsTheConcatenationOfItsParts()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        PartitionedVariable w;
        using (tf.variable_scope("s", partitioner: tf.fixed_size_partitioner(2)))
            w = tf.get_partitioned_variable("w", new[] { 3 }, initializer: tf.constant_initializer(4));
        Tensor value = w;
        // TF's conversion: ConcatV2 under the absolute scope "NAME/ConcatPartitions/", then Identity "NAME".
        Assert.Equal("ConcatV2", graph.get_operation_by_name("s/w/ConcatPartitions/concat").Type);
        Assert.Equal("s/w", value.Op.Name);
        Assert.Equal(new TensorShape(3), value.Shape);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        // The full initial value: constant 4 over shape [3].
        Assert.Equal(new[] { 4.0, 4.0, 4.0 }, Values(sess, value));
        // Parts [2] and [1] written separately read back in order along axis 0.
        sess.run(tf.group(new List<object> { tf.assign(w.Parts[0], new[] { 1f, 2f }), tf.assign(w.Parts[1], new[] { 3f }) }));
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, Values(sess, w.AsTensor()));
    }

    [Fact]
    public void VarianceScalingTakesItsFansFromTheFullShape()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.set_random_seed(1);
        PartitionedVariable w;
        using (tf.variable_scope("s", partitioner: tf.fixed_size_partitioner(2)))
            w = tf.get_partitioned_variable("w", new[] { 6, 4 }, initializer: tf.glorot_uniform_initializer(seed: 3));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var values = Values(sess, w.AsTensor());
        // Full shape [6, 4]: limit √(6/(6+4)) ≈ 0.775; a part's own [3, 4] would give √(6/7) ≈ 0.926.
        var limit = Math.Sqrt(6.0 / 10.0);
        Assert.Equal(24, values.Length);
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, limit));
        Assert.True(values.Max(Math.Abs) > 0.5 * limit, "the 24 uniform draws should spread over the range");
    }

    [Fact]
    public void UnsupportedUsesFailClearly()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        using (tf.variable_scope("s", partitioner: tf.fixed_size_partitioner(2)))
        {
            var e = Assert.Throws<NotSupportedException>(() => tf.get_variable("v", new[] { 4 }));
            Assert.Contains("s/v", e.Message);
            tf.get_partitioned_variable("w", new[] { 4 });
            Assert.Throws<ValueError>(() => tf.get_partitioned_variable("w", new[] { 4 }));
        }
        var saverError = Assert.Throws<NotSupportedException>(() => tf.train.Saver());
        Assert.Contains("s/w/part_0", saverError.Message);
        Assert.Contains("'s/w'", saverError.Message);
    }
}
