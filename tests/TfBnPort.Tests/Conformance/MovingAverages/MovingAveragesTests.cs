using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Conformance.MovingAverages;

/// <summary>
/// moving_averages_test.py MovingAveragesTest (graph mode): assign_moving_average with and without
/// zero-debias, the names of its debias variables, and weighted_moving_average. Expected values: the
/// test's own arithmetic (decay·old + (1 − decay)·new, debiased by 1 − decayᵗ), rewritten in C#.
/// </summary>
public class MovingAveragesTests
{
    private const string File = "tensorflow/python/training/moving_averages_test.py";

    private static double[] Read(Session sess, Tensor t, FeedDict? feed = null) =>
        sess.RunValues(new[] { t }, Array.Empty<Operation>(), feed)[0].ToDoubleArray();

    private static void Close(double[] expected, double[] actual, double tol = 1e-6) => Conformance.NnBatchNorm.NnKit.AllClose(expected, actual, tol, tol);

    [Fact]
    [TfTest(File, "MovingAveragesTest.testAssignMovingAverageWithoutZeroDebias")]
    public void AssignMovingAverageWithoutZeroDebias()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v = tf.Variable(new[] { 10.0f, 11.0f });
        var val = tf.constant(new[] { 1.0f, 2.0f });
        var assign = tf.train.assign_moving_average(v, val, 0.25, zero_debias: false);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        Close(new[] { 10.0, 11.0 }, Read(sess, v.Snapshot));
        sess.RunValues(Array.Empty<Tensor>(), new[] { assign.Op }, null);
        Close(new[] { 10.0 * 0.25 + 1.0 * (1.0 - 0.25), 11.0 * 0.25 + 2.0 * (1.0 - 0.25) }, Read(sess, v.Snapshot));
    }

    [Fact]
    [TfTest(File, "MovingAveragesTest.testAssignMovingAverage")]
    public void AssignMovingAverage()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v = tf.Variable(new[] { 0.0f, 0.0f });
        var val = tf.constant(new[] { 1.0f, 2.0f });
        var assign = tf.train.assign_moving_average(v, val, 0.25);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        Close(new[] { 0.0, 0.0 }, Read(sess, v.Snapshot));
        sess.RunValues(Array.Empty<Tensor>(), new[] { assign.Op }, null);
        // Debiased after one step: value·(1 − decay)/(1 − decay¹) = value.
        Close(new[] { 1.0 * (1.0 - 0.25) / (1 - 0.25), 2.0 * (1.0 - 0.25) / (1 - 0.25) }, Read(sess, v.Snapshot));
    }

    [Fact]
    [TfTest(File, "MovingAveragesTest.testAssignMovingAverageNewNamingMultipleCalls")]
    public void AssignMovingAverageNewNamingMultipleCalls()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        using (tf.variable_scope("scope1"))
        using (tf.variable_scope("scope2"))
        {
            var v = tf.Variable(1.0f, name: "Var");
            tf.train.assign_moving_average(v, 0.0, 0.99);
            tf.train.assign_moving_average(v, 0.0, 0.99);
        }
        string[] expected = { "scope1/scope2/Var:0", "scope1/scope2/scope1/scope2/Var/biased:0", "scope1/scope2/scope1/scope2/Var/local_step:0",
            "scope1/scope2/scope1/scope2/Var/biased_1:0", "scope1/scope2/scope1/scope2/Var/local_step_1:0" };
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), tf.global_variables("scope1").Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    [TfTest(File, "MovingAveragesTest.testAssignMovingAverageNewNamingMultipleCallsWithReuse")]
    public void AssignMovingAverageNewNamingMultipleCallsWithReuse()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        VariableScope vs1;
        using (var s = tf.variable_scope("scope1"))
        {
            vs1 = s.Scope;
            var v = tf.get_variable("Var", Array.Empty<int>());
            tf.train.assign_moving_average(v, 0.0, 0.99);
            tf.train.assign_moving_average(v, 0.0, 0.99);
        }
        var created = tf.global_variables().Count;
        // Under reuse the debias variables are looked up by their plain names, not created again (no error).
        using (tf.variable_scope(vs1, reuse: true))
        {
            var v = tf.get_variable("Var", Array.Empty<int>());
            tf.train.assign_moving_average(v, 0.0, 0.99);
            tf.train.assign_moving_average(v, 0.0, 0.99);
        }
        Assert.Equal(created, tf.global_variables().Count);
    }

    private static void Weighted(DType dtype, Func<double, double> round)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        const double decay = 0.5;
        var weight = tf.placeholder(dtype, TensorShape.Scalar);
        var val = tf.placeholder(dtype, TensorShape.Scalar);
        var wma = tf.train.weighted_moving_average(val, decay, weight);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        FeedDict Feed(double v, double w) => new()
        {
            { val, new TensorValue(DType.Double, Array.Empty<long>(), BitConverter.GetBytes(v)).CastTo(dtype) },
            { weight, new TensorValue(DType.Double, Array.Empty<long>(), BitConverter.GetBytes(w)).CastTo(dtype) },
        };
        double val1 = 3.0, weight1 = 4.0;
        var numerator1 = val1 * weight1 * (1.0 - decay);
        var denominator1 = weight1 * (1.0 - decay);
        Close(new[] { numerator1 / denominator1 }, Read(sess, wma, Feed(val1, weight1)));
        double val2 = 11.0, weight2 = 22.0;
        var numerator2 = numerator1 * decay + val2 * weight2 * (1.0 - decay);
        var denominator2 = denominator1 * decay + weight2 * (1.0 - decay);
        Close(new[] { round(numerator2 / denominator2) }, Read(sess, wma, Feed(val2, weight2)));
    }

    [Fact]
    [TfTest(File, "MovingAveragesTest.testWeightedMovingAverage")]
    public void WeightedMovingAverage() => Weighted(DType.Float, v => v);

    [Fact]
    [TfTest(File, "MovingAveragesTest.testWeightedMovingAverageBfloat16")]
    public void WeightedMovingAverageBfloat16() =>
        // The expected quotient rounded to bfloat16, as the test's bfloat16(numerator_2 / denominator_2).
        Weighted(DType.BFloat16, v => new TensorValue(DType.Double, Array.Empty<long>(), BitConverter.GetBytes(v)).CastTo(DType.BFloat16).ToDoubleArray()[0]);
}
