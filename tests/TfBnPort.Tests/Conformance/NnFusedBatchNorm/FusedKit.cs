using NumSharp;
using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;
using DType = TfBnPort.Tensorflow.DType;

namespace TfBnPort.Tests.Conformance.NnFusedBatchNorm;

/// <summary>
/// nn_fused_batchnorm_test.py's helpers for the CPU kernel (NHWC): _test_inference, _test_training,
/// _test_gradient, _test_grad_grad. Inputs: np.random.seed(1), then random_sample in the test's order
/// (NumSharp's RandomState is NumPy's stream, so these are the Python test's numbers). Expected values:
/// the test's _batch_norm formula, inv = rsqrt(var + ε)·scale, y = x·inv + (offset − mean·inv), rewritten
/// in C# in float32 as the test's ops compute it (cast to float16 for float16 x), with the batch
/// statistics of _training_ref computed here in float64; gradients against gradient_checker's numeric Jacobians.
/// </summary>
internal static class FusedKit
{
    public const string File = "tensorflow/python/ops/nn_fused_batchnorm_test.py";
    private const double Epsilon = 0.001;

    /// <summary>_batch_norm in float32, channel-last; rounded to float16 when x is.</summary>
    private static double[] RefBatchNorm(double[] x, DType xDType, double[] mean, double[] variance, double[] offset, double[] scale)
    {
        var c = scale.Length;
        var inv = Enumerable.Range(0, c).Select(i => (float)(1.0 / Math.Sqrt((float)(variance[i] + (float)Epsilon))) * (float)scale[i]).ToArray();
        var shift = Enumerable.Range(0, c).Select(i => (float)offset[i] - (float)mean[i] * inv[i]).ToArray();
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++) y[i] = (float)x[i] * inv[i % c] + shift[i % c];
        return xDType == DType.Half ? Round(y, new[] { y.Length }, DType.Half) : y;
    }

    /// <summary>_test_inference: fused_batch_norm(is_training=False) with random population statistics vs _inference_ref.</summary>
    public static void Inference(int[] xShape, DType xDType, int[] scaleShape)
    {
        var rng = Seed(1);
        var xv = RandomSample(xShape, rng, xDType);
        var scaleV = RandomSample(scaleShape, rng);
        var offsetV = RandomSample(scaleShape, rng);
        var meanV = RandomSample(scaleShape, rng);
        var varV = RandomSample(scaleShape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, xDType, "x");
        var scale = Const(scaleV, scaleShape, DType.Float, "scale");
        var offset = Const(offsetV, scaleShape, DType.Float, "offset");
        var mean = Const(meanV, scaleShape, DType.Float, "mean");
        var variance = Const(varV, scaleShape, DType.Float, "variance");
        var (y, _, _) = tf.nn.fused_batch_norm(x, scale, offset, mean: mean, variance: variance, epsilon: Epsilon, data_format: "NHWC", is_training: false);
        Assert.Equal(xDType, y.DType.BaseType());
        using var sess = new Session(graph);
        var yVal = Run(sess, y);
        var yRef = RefBatchNorm(xv, xDType, meanV, varV, offsetV, scaleV);
        // An atol of 1e-3 is too small for float16: adjacent float16 values can be more than 1e-3 apart.
        AllClose(yRef, yVal, xDType == DType.Half ? 2e-3 : 1e-3, what: $"inference y {xDType.PyName()} x {string.Join("x", xShape)}");
    }

    /// <summary>_test_training: fused_batch_norm(is_training=True) vs moments + _batch_norm; its variance is Bessel-corrected.</summary>
    public static void Training(int[] xShape, DType xDType, int[] scaleShape)
    {
        var rng = Seed(1);
        var xv = RandomSample(xShape, rng, xDType);
        var scaleV = RandomSample(scaleShape, rng);
        var offsetV = RandomSample(scaleShape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, xDType, "x");
        var scale = Const(scaleV, scaleShape, DType.Float, "scale");
        var offset = Const(offsetV, scaleShape, DType.Float, "offset");
        var (y, mean, variance) = tf.nn.fused_batch_norm(x, scale, offset, epsilon: Epsilon, data_format: "NHWC", is_training: true);
        using var sess = new Session(graph);
        var r = Run(sess, null, y, mean, variance);
        var c = scaleShape[0];
        var n = xv.Length / c;
        // moments(cast(x, float32), [0, 1, 2]): per-channel mean and biased variance (NaN for an empty batch).
        var meanRef = new double[c];
        var varRef = new double[c];
        for (var i = 0; i < xv.Length; i++) meanRef[i % c] += xv[i];
        for (var k = 0; k < c; k++) meanRef[k] /= n;
        for (var i = 0; i < xv.Length; i++) varRef[i % c] += (xv[i] - meanRef[i % c]) * (xv[i] - meanRef[i % c]);
        for (var k = 0; k < c; k++) varRef[k] /= n;
        var yRef = RefBatchNorm(xv, xDType, meanRef.Select(m => (double)(float)m).ToArray(), varRef.Select(v => (double)(float)v).ToArray(), offsetV, scaleV);
        var what = $"training {xDType.PyName()} x {string.Join("x", xShape)}";
        AllClose(yRef, r[0], xDType == DType.Half ? 2e-3 : 1e-3, what: what + " y");
        AllClose(meanRef, r[1], 1e-3, what: what + " mean");
        // Bessel's correction: tf.nn.moments divides by n, fused_batch_norm's variance output by n − 1.
        double sampleSize = (double)xv.Length / c;
        var besselRef = varRef.Select(v => v * sampleSize / Math.Max(sampleSize - 1.0, 1.0)).ToArray();
        AllClose(besselRef, r[2], 1e-3, what: what + " variance");
    }

    /// <summary>
    /// _compute_gradient_error_float16: the theoretical Jacobian of the float16 graph against the numeric
    /// Jacobian of the same graph built in float32 (finite differences in float16 are too coarse), both at
    /// one float16 x_init_value, delta 1e-3.
    /// </summary>
    public static double GradientErrorFloat16(Session sess, NumPyRandom rng, Tensor x, Tensor x32, int[] xShape, Tensor y, Tensor y32, int[] yShape)
    {
        var xInit = RandomSample(xShape, rng, DType.Half);
        // Python computes both Jacobians of both graphs and keeps one of each; only those two are computed here.
        var theoretical = GradientChecker.TheoreticalJacobian(sess, x, xShape, y, yShape, xInit);
        var numeric = GradientChecker.NumericJacobian(sess, x32, xShape, y32, yShape, xInit, delta: 1e-3);
        return GradientChecker.MaxAbsDifference(theoretical, numeric);
    }

    /// <summary>_test_gradient: dy/dx, dy/dscale, dy/doffset of the fused op against numeric Jacobians.</summary>
    public static void Gradient(int[] xShape, DType xDType, int[] scaleShape, bool isTraining)
    {
        var rng = Seed(1);
        var xv = RandomSample(xShape, rng, xDType);
        var scaleV = RandomSample(scaleShape, rng);
        var offsetV = RandomSample(scaleShape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, xDType, "x");
        var scale = Const(scaleV, scaleShape, DType.Float, "scale");
        var offset = Const(offsetV, scaleShape, DType.Float, "offset");
        double[]? popMean = null, popVar = null;
        if (!isTraining)
        {
            popMean = RandomSample(scaleShape, rng);
            popVar = RandomSample(scaleShape, rng);
        }
        Tensor? Pop(double[]? v) => v is null ? null : Const(v, scaleShape, DType.Float);
        var (y, _, _) = tf.nn.fused_batch_norm(x, scale, offset, mean: Pop(popMean), variance: Pop(popVar), data_format: "NHWC", is_training: isTraining);
        using var sess = new Session(graph);
        double errX, errScale, errOffset;
        if (xDType != DType.Half)
        {
            errX = GradientChecker.compute_gradient_error(sess, x, xShape, y, xShape, RandomSample(xShape, rng, xDType));
            errScale = GradientChecker.compute_gradient_error(sess, scale, scaleShape, y, xShape, RandomSample(scaleShape, rng));
            errOffset = GradientChecker.compute_gradient_error(sess, offset, scaleShape, y, xShape, RandomSample(scaleShape, rng));
        }
        else
        {
            var x32 = Const(xv, xShape, DType.Float, "x32");
            var (y32, _, _) = tf.nn.fused_batch_norm(x32, scale, offset, mean: Pop(popMean), variance: Pop(popVar), data_format: "NHWC", is_training: isTraining);
            errX = GradientErrorFloat16(sess, rng, x, x32, xShape, y, y32, xShape);
            errScale = GradientErrorFloat16(sess, rng, scale, scale, scaleShape, y, y32, xShape);
            errOffset = GradientErrorFloat16(sess, rng, offset, offset, scaleShape, y, y32, xShape);
        }
        var what = $"{xDType.PyName()} x {string.Join("x", xShape)} is_training={isTraining}";
        Assert.True(errX < (xDType == DType.Half ? 2e-3 : 1e-3), $"{what}: x gradient error {errX:E3}");
        Assert.True(errScale < 1e-3, $"{what}: scale gradient error {errScale:E3}");
        Assert.True(errOffset < 1e-3, $"{what}: offset gradient error {errOffset:E3}");
    }
}
