using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnFusedBatchNorm.FusedKit;

namespace TfBnPort.Tests.Conformance.NnFusedBatchNorm;

/// <summary>
/// nn_fused_batchnorm_test.py BatchNormalizationTest, inference and training shapes, the CPU (NHWC)
/// calls of each (the NCHW ones run only under `is_gpu_available`: TF 1.15's CPU kernel takes only
/// NHWC). Expected values: see <see cref="FusedKit"/>.
/// </summary>
public class FusedBatchNormForwardTests
{
    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testInferenceShape1")]
    public void InferenceShape1()
    {
        foreach (var dtype in new[] { DType.Half, DType.Float }) Inference(new[] { 1, 1, 6, 1 }, dtype, new[] { 1 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testInferenceShape2")]
    public void InferenceShape2()
    {
        // The Python test makes this CPU call inside its GPU-only block; it has a CPU meaning, so it runs here.
        foreach (var dtype in new[] { DType.Half, DType.Float }) Inference(new[] { 1, 1, 6, 2 }, dtype, new[] { 2 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testInferenceShape4")]
    public void InferenceShape4()
    {
        foreach (var dtype in new[] { DType.Half, DType.Float }) Inference(new[] { 27, 131, 127, 6 }, dtype, new[] { 6 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testInferenceShape5")]
    public void InferenceShape5()
    {
        // An empty batch: an empty y.
        foreach (var dtype in new[] { DType.Half, DType.Float }) Inference(new[] { 0, 131, 127, 6 }, dtype, new[] { 6 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testTrainingShape1")]
    public void TrainingShape1()
    {
        foreach (var dtype in new[] { DType.Half, DType.Float }) Training(new[] { 1, 1, 6, 1 }, dtype, new[] { 1 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testTrainingShape2")]
    public void TrainingShape2()
    {
        foreach (var dtype in new[] { DType.Half, DType.Float }) Training(new[] { 1, 1, 6, 2 }, dtype, new[] { 2 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testTrainingShape4")]
    public void TrainingShape4()
    {
        foreach (var dtype in new[] { DType.Half, DType.Float }) Training(new[] { 27, 131, 127, 6 }, dtype, new[] { 6 });
    }

    [Fact]
    [TfTest(FusedKit.File, "BatchNormalizationTest.testTrainingShape5")]
    public void TrainingShape5()
    {
        // An empty batch: an empty y, and NaN batch statistics (0/0), as moments gives.
        foreach (var dtype in new[] { DType.Half, DType.Float }) Training(new[] { 0, 131, 127, 6 }, dtype, new[] { 6 });
    }
}
