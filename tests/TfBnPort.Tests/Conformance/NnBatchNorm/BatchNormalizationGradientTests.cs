using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>
/// nn_batchnorm_test.py BatchNormalizationTest, gradient cases: the largest difference between
/// tf.gradients' Jacobian and central finite differences (gradient_checker.compute_gradient_error,
/// <see cref="GradientChecker"/>), in float64, for each input of v1 (the BatchNormWithGlobalNormalization
/// kernel and its Grad kernel) and v2 (tf.nn.batch_normalization), under the test's tolerances.
/// </summary>
public class BatchNormalizationGradientTests
{
    private const string File = "tensorflow/python/ops/nn_batchnorm_test.py";

    /// <summary>_testBatchNormGradient: param_index 0..4 = x, m, v, beta, gamma.</summary>
    private static void Gradient(int paramIndex, bool scale, bool shift, int version, double tolerance = 1e-11)
    {
        int[] xShape = { 3, 5, 4, 5 }, pShape = { 5 };
        var rng = Seed(1);
        var values = new[] { xShape, pShape, pShape, pShape, pShape }.Select(s => RandomSample(s, rng, DType.Double)).ToArray();
        using var graph = new Graph();
        using var _ = graph.as_default();
        string[] names = { "x", "m", "v", "beta", "gamma" };
        var p = values.Select((val, i) => Const(val, i == 0 ? xShape : pShape, DType.Double, names[i])).ToArray();
        var output = version == 1
            ? BatchNormalizationTests.TfBatchNormV1(p[0], p[1], p[2], p[3], p[4], 0.001, scale)
            : BatchNormalizationTests.TfBatchNormV2(p[0], p[1], p[2], p[3], p[4], 0.001, scale, shift);
        using var sess = new Session(graph);
        // np.random.seed(1) drew the five inputs; the checker's x_init_value is the stream's next draw.
        var xShapeChecked = paramIndex == 0 ? xShape : pShape;
        var xInit = RandomSample(xShapeChecked, rng, DType.Double);
        var err = GradientChecker.compute_gradient_error(sess, p[paramIndex], xShapeChecked, output, xShape, xInit);
        Assert.True(err < tolerance, $"Batch normalization v{version} {names[paramIndex]} gradient {(scale ? "with" : "without")} scale and {(shift ? "with" : "without")} shift err = {err:E3} (tolerance {tolerance:E0})");
    }

    /// <summary>_testBatchNormGradientInAllNeedConfigs: v1 only with a shift (it always shifts).</summary>
    private static void AllNeedConfigs(int paramIndex, double tolerance = 1e-11)
    {
        foreach (var scale in new[] { true, false })
            foreach (var shift in new[] { true, false })
                foreach (var v in shift ? new[] { 1, 2 } : new[] { 2 })
                    Gradient(paramIndex, scale, shift, v, tolerance);
    }

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormInputGradient")]
    public void BatchNormInputGradient() => AllNeedConfigs(0); // Expected: numeric Jacobian, error < 1e-11.

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormMeanGradient")]
    public void BatchNormMeanGradient() => AllNeedConfigs(1); // Expected: numeric Jacobian, error < 1e-11.

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormVarianceGradient")]
    public void BatchNormVarianceGradient() => AllNeedConfigs(2, 1e-3); // Expected: numeric Jacobian (rsqrt is curved: 1e-3).

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormBetaGradient")]
    public void BatchNormBetaGradient()
    {
        // Expected: numeric Jacobian, error < 1e-11; beta exists only with a shift.
        foreach (var scale in new[] { true, false })
            foreach (var v in new[] { 1, 2 })
                Gradient(3, scale, true, v);
    }

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormGammaGradient")]
    public void BatchNormGammaGradient()
    {
        // Expected: numeric Jacobian, error < 1e-11. v1 without scaling backprops 0 to gamma (and the
        // numeric Jacobian is 0 too); v2 without scaling has no gamma at all, so it is not checked.
        foreach (var scale in new[] { true, false }) Gradient(4, scale, true, 1);
        foreach (var shift in new[] { true, false }) Gradient(4, true, shift, 2);
    }
}
