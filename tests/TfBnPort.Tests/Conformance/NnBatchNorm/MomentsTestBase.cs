using NumSharp;
using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;
using DType = TfBnPort.Tensorflow.DType;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>
/// nn_batchnorm_test.py MomentsTest's machinery, shared with WeightedMomentsTest (which inherits it in
/// Python, swapping tf.nn.moments for tf.nn.weighted_moments with a weight of 1). Expected values: the
/// test's NumPy formulas, mean = Σx/n and variance = Σx²/n − mean², computed in float64 from the
/// float32 inputs (Python: float128), compared as assertAllCloseAccordingToType does (1e-6; 1e-3 for
/// float16). Inputs: np.random.normal from setUp's seed 87654321, drawn in the Python test's order.
/// </summary>
public abstract class MomentsTestBase
{
    protected const string File = "tensorflow/python/ops/nn_batchnorm_test.py";
    private static readonly int[] Shape4 = { 2, 3, 5, 4 };

    /// <summary>_unweighted_moments; <paramref name="extraOutGrads"/> collects further inputs the gradient tests check.</summary>
    protected abstract (Tensor Mean, Tensor Variance) UnweightedMoments(Tensor x, int[] axes, bool keepDims, List<Tensor>? extraOutGrads = null);

    /// <summary>RunMomentTestWithDynamicShape: x a placeholder of unknown dims, fed the float32 values.</summary>
    protected virtual void RunMomentTestWithDynamicShape(NumPyRandom rng, int[] shape, int[] axes, bool keepDims, DType dtype)
    {
        var xv = Normal(shape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(dtype, new TensorShape(shape.Select(_ => -1L).ToArray()));
        var (mean, variance) = UnweightedMoments(x, axes, keepDims);
        using var sess = new Session(graph);
        var feed = new FeedDict { { x, GradientChecker.Value(xv, shape, DType.Float) } };
        CheckMoments(xv, shape, axes, dtype, Run(sess, mean, feed), Run(sess, variance, feed), $"dynamic {dtype.PyName()} axes [{string.Join(",", axes)}] keep_dims={keepDims}");
    }

    /// <summary>RunMomentTest: x = cast(constant(float32 values), dtype).</summary>
    protected virtual void RunMomentTest(NumPyRandom rng, int[] shape, int[] axes, bool keepDims, DType dtype)
    {
        var xv = Normal(shape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.cast(Const(xv, shape, DType.Float), dtype);
        var (mean, variance) = UnweightedMoments(x, axes, keepDims);
        var keptShape = shape.Select((d, i) => axes.Contains(i) ? 1 : d).Where((d, i) => keepDims || !axes.Contains(i)).ToArray();
        Assert.Equal(keptShape, mean.Shape.AsIntArray());
        Assert.Equal(dtype, mean.DType.BaseType());
        using var sess = new Session(graph);
        CheckMoments(xv, shape, axes, dtype, Run(sess, mean), Run(sess, variance), $"static {dtype.PyName()} axes [{string.Join(",", axes)}] keep_dims={keepDims}");
    }

    private static void CheckMoments(double[] xv, int[] shape, int[] axes, DType dtype, double[] mean, double[] variance, string what)
    {
        var n = axes.Aggregate(1.0, (a, d) => a * shape[d]);
        var expectedMean = SumOver(xv, shape, axes).Select(s => s / n).ToArray();
        var expectedSquares = SumOver(xv.Select(v => v * v).ToArray(), shape, axes).Select(s => s / n).ToArray();
        var expectedVariance = expectedSquares.Select((s, i) => s - expectedMean[i] * expectedMean[i]).ToArray();
        AllCloseAccordingToType(expectedMean, mean, dtype, what + " mean");
        AllCloseAccordingToType(expectedVariance, variance, dtype, what + " variance");
    }

    private void Run3(int[] axes)
    {
        var rng = SetUpRandom();
        foreach (var keepDims in new[] { false, true })
            foreach (var dtype in new[] { DType.Float, DType.Half })
            {
                RunMomentTest(rng, Shape4, axes, keepDims, dtype);
                RunMomentTestWithDynamicShape(rng, Shape4, axes, keepDims, dtype);
            }
    }

    protected void Basic() => Run3(new[] { 0 });

    protected void GlobalNormalization() => Run3(new[] { 0, 1, 2 });

    protected void Axes() => Run3(new[] { 1, 2, 3 });

    /// <summary>_testGlobalGradient: the Jacobian of the mean or variance (over axes 0, 1, 2) with respect to x (and the weights), float64, error &lt; 1e-11.</summary>
    protected void GlobalGradient(string fromY)
    {
        var rng = SetUpRandom();
        int[] xShape = { 3, 5, 4, 2 }, yShape = { 2 };
        var xv = RandomSample(xShape, rng, DType.Double);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, DType.Double);
        var inputs = new List<Tensor> { x };
        var (mean, variance) = UnweightedMoments(x, new[] { 0, 1, 2 }, false, inputs);
        var y = fromY == "mean" ? mean : variance;
        using var sess = new Session(graph);
        foreach (var (v, i) in inputs.Select((v, i) => (v, i)))
        {
            var shape = v.Shape.AsIntArray();
            // gradient_checker draws x_init_value with np.random.random_sample from the same stream.
            var err = GradientChecker.compute_gradient_error(sess, v, shape, y, yShape, RandomSample(shape, rng, DType.Double));
            Assert.True(err < 1e-11, $"Moments {fromY} gradient err vs input {i} = {err:E3}");
        }
    }
}
