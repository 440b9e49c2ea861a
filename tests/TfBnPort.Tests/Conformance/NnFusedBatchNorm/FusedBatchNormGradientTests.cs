using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnFusedBatchNorm.FusedKit;
using static TfBnPort.Tests.Conformance.NnFusedBatchNorm.FusedGradGradKit;

namespace TfBnPort.Tests.Conformance.NnFusedBatchNorm;

/// <summary>
/// nn_fused_batchnorm_test.py BatchNormalizationTest, first- and second-order gradients, the CPU
/// (NHWC) calls, training and inference, float16 x with float32 scale and float32. Expected: gradient_checker's
/// numeric Jacobians (<see cref="GradientChecker"/>) under the test's tolerances, and _BatchNormGrad's formula.
/// </summary>
public class FusedBatchNormGradientTests
{
    private static void AllGradients(int[] xShape, int[] scaleShape)
    {
        foreach (var isTraining in new[] { true, false })
            foreach (var dtype in new[] { DType.Half, DType.Float })
                Gradient(xShape, dtype, scaleShape, isTraining);
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradShape1")]
    public void BatchNormGradShape1() => AllGradients(new[] { 1, 1, 6, 1 }, new[] { 1 });

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradShape2")]
    public void BatchNormGradShape2() => AllGradients(new[] { 1, 1, 6, 2 }, new[] { 2 });

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradShape4")]
    public void BatchNormGradShape4() => AllGradients(new[] { 5, 7, 11, 4 }, new[] { 4 });

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradShape5")]
    public void BatchNormGradShape5() => AllGradients(new[] { 0, 7, 11, 4 }, new[] { 4 }); // empty batch: empty Jacobians for x

    private static void GradGradConfig(int[] shape, double tolerance, DType dtype)
    {
        foreach (var isTraining in new[] { true, false })
            GradGrad(shape, dtype, new[] { shape[3] }, isTraining, tolerance);
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradGradConfig1")]
    public void BatchNormGradGradConfig1() => GradGradConfig(new[] { 2, 3, 4, 5 }, 1e-2, DType.Float);

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradGradConfig2")]
    public void BatchNormGradGradConfig2() => GradGradConfig(new[] { 2, 3, 2, 2 }, 1e-3, DType.Float);

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradGradConfig3")]
    public void BatchNormGradGradConfig3() => GradGradConfig(new[] { 2, 3, 4, 5 }, 1e-2, DType.Half);

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testBatchNormGradGradConfig4")]
    public void BatchNormGradGradConfig4() => GradGradConfig(new[] { 2, 3, 2, 2 }, 2e-3, DType.Half);
}
