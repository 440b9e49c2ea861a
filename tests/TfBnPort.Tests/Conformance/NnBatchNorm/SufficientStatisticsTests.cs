using NumSharp;
using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;
using DType = TfBnPort.Tensorflow.DType;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>
/// nn_batchnorm_test.py SufficientStatisticsTest and NormalizeMomentsTest: tf.nn.sufficient_statistics
/// and tf.nn.normalize_moments against the tests' NumPy formulas (_npSuffStats, _npNormalizeMoments)
/// rewritten in C#, on NumPy's own random numbers (setUp's seed 87654321).
/// </summary>
public class SufficientStatisticsTests
{
    private const string File = "tensorflow/python/ops/nn_batchnorm_test.py";

    /// <summary>_testSuffStats: static shape (a Const) or unknown dims (a placeholder fed at run time).</summary>
    private static void CheckSuffStats(NumPyRandom rng, int[] xShape, int[] axes, double? shift, bool keepDims, bool hasShape)
    {
        var xv = RandomSample(xShape, rng);
        // _npSuffStats: Σ(x − shift) and Σ(x − shift)² (or Σx, Σx²) over the axes; count = Π of those dims.
        var shifted = xv.Select(v => v - (shift ?? 0)).ToArray();
        var npM = SumOver(shifted, xShape, axes);
        var npV = SumOver(shifted.Select(v => v * v).ToArray(), xShape, axes);
        var npC = axes.Aggregate(1.0, (c, d) => c * xShape[d]);
        using var graph = new Graph();
        using var _ = graph.as_default();
        Tensor x;
        FeedDict? feed = null;
        if (hasShape) x = Const(xv, xShape, DType.Float, "x");
        else
        {
            x = tf.placeholder(DType.Float, new TensorShape(xShape.Select(_ => -1L).ToArray()), name: "x");
            feed = new FeedDict { { x, GradientChecker.Value(xv, xShape, DType.Float) } };
        }
        var (c, m, v, s) = tf.nn.sufficient_statistics(x, axes, shift, keepDims);
        using var sess = new Session(graph);
        var fetches = shift is null ? new[] { c, m, v } : new[] { c, m, v, s! };
        var r = Run(sess, feed, fetches);
        var what = $"x {string.Join("x", xShape)} axes [{string.Join(",", axes)}] shift={shift} keep_dims={keepDims} has_shape={hasShape}";
        AllClose(new[] { npC }, r[0], 1e-6, what: what + " count");
        AllClose(npM, r[1], 1e-6, what: what + " mean_ss");
        AllClose(npV, r[2], 1e-6, what: what + " var_ss");
        if (shift is { } sh) AllClose(new[] { sh }, r[3], 1e-6, what: what + " shift");
        // keep_dims keeps the reduced axes as 1s; otherwise they are gone.
        var expectedRank = keepDims ? xShape.Length : xShape.Length - axes.Length;
        Assert.Equal(expectedRank, m.Shape.Rank);
        Assert.Equal(expectedRank, v.Shape.Rank);
    }

    [Fact]
    [TfTest(File, "SufficientStatisticsTest.testSuffStats")]
    public void SuffStats()
    {
        var rng = SetUpRandom();
        foreach (var hasShape in new[] { true, false })
            foreach (var keepDims in new[] { true, false })
                foreach (var shift in new double?[] { null, 1.0 })
                {
                    CheckSuffStats(rng, new[] { 2, 3 }, new[] { 1 }, shift, keepDims, hasShape);
                    CheckSuffStats(rng, new[] { 2, 3 }, new[] { 0 }, shift, keepDims, hasShape);
                    CheckSuffStats(rng, new[] { 1, 2, 3 }, new[] { 0, 2 }, shift, keepDims, hasShape);
                }
    }

    /// <summary>_testNormalizeMoments: counts = [1], mean_ss and variance_ss (squared) random, an optional random shift.</summary>
    private static void CheckNormalizeMoments(NumPyRandom rng, int[] shape, bool shift)
    {
        var counts = new[] { 1.0 };
        var meanSs = RandomSample(shape, rng);
        var varianceSs = Round(RandomSample(shape, rng).Select(v => v * v).ToArray(), shape, DType.Float);
        var shiftV = shift ? RandomSample(shape, rng) : null;
        // _npNormalizeMoments: mean = mean_ss/counts (+ shift), variance = variance_ss/counts − (mean_ss/counts)².
        var npm = meanSs.Select((m, i) => m / counts[0] + (shiftV?[i] ?? 0)).ToArray();
        var npv = varianceSs.Select((v, i) => v / counts[0] - meanSs[i] / counts[0] * (meanSs[i] / counts[0])).ToArray();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var tfCounts = Const(counts, new[] { 1 }, DType.Float, "counts");
        var tfMeanSs = Const(meanSs, shape, DType.Float, "mean_ss");
        var tfVarianceSs = Const(varianceSs, shape, DType.Float, "variance_ss");
        var tfShift = shiftV is null ? null : Const(shiftV, shape, DType.Float, "shift");
        var (opm, opv) = tf.nn.normalize_moments(tfCounts, tfMeanSs, tfVarianceSs, tfShift);
        using var sess = new Session(graph);
        var r = Run(sess, null, opm, opv);
        AllClose(npm, r[0], 1e-6, what: $"shape {string.Join("x", shape)} shift={shift} mean");
        AllClose(npv, r[1], 1e-6, what: $"shape {string.Join("x", shape)} shift={shift} variance");
    }

    [Fact]
    [TfTest(File, "NormalizeMomentsTest.testNormalizeMoments")]
    public void NormalizeMoments()
    {
        var rng = SetUpRandom();
        foreach (var shift in new[] { false, true })
        {
            CheckNormalizeMoments(rng, new[] { 3 }, shift);
            CheckNormalizeMoments(rng, new[] { 2, 3 }, shift);
        }
    }
}
