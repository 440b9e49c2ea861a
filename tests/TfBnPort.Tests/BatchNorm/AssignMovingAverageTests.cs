using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// tf.train.assign_moving_average (moving_averages.py): zero_debias=True — its default — keeps
/// "&lt;var&gt;/biased" and "&lt;var&gt;/local_step" and assigns biased/(1 − decayᵗ); zero_debias=False
/// is the AssignSub the layers use.
/// </summary>
public class AssignMovingAverageTests
{
    private const double Decay = 0.9;

    /// <summary>TF's decay: convert_to_tensor(1.0 − decay) is float32(1 − 0.9 in double).</summary>
    private static readonly double TfDecay = 1 - (double)(float)(1 - Decay);

    private static (float[][] Actual, Variable[] Created) Run(bool zeroDebias, float[][] values, string? scope = null)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable v;
        Tensor update;
        var value = tf.placeholder(tf.float32, new TensorShape(3), name: "value");
        using (scope is null ? null : tf.variable_scope(scope))
        {
            v = tf.get_variable("moving_mean", new[] { 3 }, initializer: tf.zeros_initializer(), trainable: false);
            update = tf.train.assign_moving_average(v, value, Decay, zero_debias: zeroDebias);
        }
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var actual = values.Select(x =>
        {
            sess.RunValues(Array.Empty<Tensor>(), new[] { update.Op }, new FeedDict { { value, x } });
            return BnTestKit.Read(sess, v);
        }).ToArray();
        return (actual, tf.global_variables().Where(x => x != v).ToArray());
    }

    private static float[][] Values() => Enumerable.Range(0, 6).Select(i => BnTestKit.Uniform(3, 30 + i, -3, 3)).ToArray();

    [Fact]
    public void ZeroDebiasedAverageEqualsTheReferencesDebiasedValueEachStep()
    {
        var values = Values();
        var (actual, created) = Run(zeroDebias: true, values);
        var state = ZeroDebiasState.Start(3);
        for (var t = 0; t < values.Length; t++)
        {
            (var expected, state) = state.Update(BnTestKit.Widen(values[t]), TfDecay);
            BnTestKit.Close(expected, actual[t], 1e-6, what: $"step {t + 1}");
        }
        Assert.Equal(new[] { "moving_mean/biased", "moving_mean/local_step" }, created.Select(v => v.OpName));
        Assert.All(created, v => Assert.False(v.Trainable));
    }

    [Fact]
    public void ZeroDebiasedAverageOfAConstantIsThatConstantFromTheFirstStep()
    {
        var constant = BnTestKit.Uniform(3, 40, -3, 3);
        var (actual, _) = Run(zeroDebias: true, Enumerable.Repeat(constant, 4).ToArray());
        foreach (var step in actual) BnTestKit.Close(BnTestKit.Widen(constant), step, 1e-6, what: "debiased constant");
    }

    [Fact]
    public void WithoutDebiasItIsTheAssignSubTheLayersUse()
    {
        var values = Values();
        var (actual, created) = Run(zeroDebias: false, values);
        Assert.Empty(created);
        var expected = new double[3];
        for (var t = 0; t < values.Length; t++)
        {
            expected = MovingAverage.AssignSub(expected, BnTestKit.Widen(values[t]), TfDecay);
            BnTestKit.Close(expected, actual[t], 1e-6, what: $"step {t + 1}");
        }
    }

    [Fact]
    public void DebiasVariablesLiveInAScopeNamedAfterTheVariableNestedInTheCurrentOne()
    {
        // As under contrib's zero_debias_moving_mean: variable_scope(var.op.name) inside variable_scope("BatchNorm").
        var (_, created) = Run(zeroDebias: true, Values(), scope: "BatchNorm");
        Assert.Equal(new[] { "BatchNorm/BatchNorm/moving_mean/biased", "BatchNorm/BatchNorm/moving_mean/local_step" }, created.Select(v => v.OpName));
    }

    [Fact]
    public void ASecondDebiasedAverageOfTheSameVariableGetsUniqueNames()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v = tf.get_variable("v", new[] { 2 }, initializer: tf.zeros_initializer());
        tf.train.assign_moving_average(v, new[] { 1f, 2f }, 0.9);
        tf.train.assign_moving_average(v, new[] { 1f, 2f }, 0.5);
        Assert.Equal(new[] { "v", "v/biased", "v/local_step", "v/biased_1", "v/local_step_1" }, tf.global_variables().Select(x => x.OpName));
    }
}
