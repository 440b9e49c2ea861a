using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Gradients;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;
using DType = TfBnPort.Tensorflow.DType;

namespace TfBnPort.Tests.Conformance.NnFusedBatchNorm;

/// <summary>
/// nn_fused_batchnorm_test.py _test_grad_grad (CPU, NHWC): the gradients of the fused op's gradients
/// (FusedBatchNormGradV3's registered gradient) against numeric Jacobians, and, in training mode, the
/// first-order gradients against nn_grad._BatchNormGrad's explicit formula.
/// </summary>
internal static class FusedGradGradKit
{
    public static void GradGrad(int[] xShape, DType xDType, int[] scaleShape, bool isTraining, double errTolerance)
    {
        var rng = Seed(1);
        var xv = RandomSample(xShape, rng, xDType);
        var gradYV = RandomSample(xShape, rng, xDType);
        var scaleV = RandomSample(scaleShape, rng);
        var offsetV = RandomSample(scaleShape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, xDType, "x");
        var gradY = Const(gradYV, xShape, xDType, "grad_y");
        var scale = Const(scaleV, scaleShape, DType.Float, "scale");
        var offset = Const(offsetV, scaleShape, DType.Float, "offset");
        double[]? popMeanV = null, popVarV = null;
        if (!isTraining)
        {
            popMeanV = RandomSample(scaleShape, rng);
            popVarV = RandomSample(scaleShape, rng);
        }
        Tensor? Pop(double[]? v) => v is null ? null : Const(v, scaleShape, DType.Float);
        var (y, _, _) = tf.nn.fused_batch_norm(x, scale, offset, mean: Pop(popMeanV), variance: Pop(popVarV), data_format: "NHWC", is_training: isTraining);
        var g = tf.gradients(new[] { y }, new object[] { x, scale, offset }, new Tensor?[] { gradY });
        var (gradX, gradScale, gradOffset) = (g[0]!, g[1]!, g[2]!);
        using var sess = new Session(graph);
        var what = $"{xDType.PyName()} x {string.Join("x", xShape)} is_training={isTraining}";

        if (isTraining)
        {
            // The fused gradient equals _BatchNormGrad's formula (the test's own reference).
            var epsilon = y.Op.Attr<float>("epsilon");
            var dataFormat = y.Op.Attr<string>("data_format");
            var (ix, iscale, ioffset) = BatchNormGradMath.BatchNormGrad(gradY, x, scale, null, null, epsilon, dataFormat);
            var fused = Run(sess, null, gradX, gradScale, gradOffset);
            var formula = Run(sess, null, ix, iscale, ioffset);
            for (var i = 0; i < 3; i++) AllClose(formula[i], fused[i], errTolerance, what: $"{what} gradient {i} vs _BatchNormGrad");
        }

        var errors = new List<(string Name, double Err)>();
        if (xDType != DType.Half)
        {
            double E(Tensor from, int[] fromShape, Tensor to, int[] toShape) =>
                GradientChecker.compute_gradient_error(sess, from, fromShape, to, toShape, RandomSample(fromShape, rng, from.DType.BaseType()));
            errors.Add(("grad_y→grad_x", E(gradY, xShape, gradX, xShape)));
            errors.Add(("grad_y→grad_scale", E(gradY, xShape, gradScale, scaleShape)));
            errors.Add(("grad_y→grad_offset", E(gradY, xShape, gradOffset, scaleShape)));
            // In freeze mode, grad_x is not a function of x.
            if (isTraining) errors.Add(("x→grad_x", E(x, xShape, gradX, xShape)));
            errors.Add(("x→grad_scale", E(x, xShape, gradScale, scaleShape)));
            errors.Add(("scale→grad_x", E(scale, scaleShape, gradX, xShape)));
        }
        else
        {
            var x32 = Const(xv, xShape, DType.Float, "x32");
            var gradY32 = Const(gradYV, xShape, DType.Float, "grad_y32");
            var (y32, _, _) = tf.nn.fused_batch_norm(x32, scale, offset, mean: Pop(popMeanV), variance: Pop(popVarV), data_format: "NHWC", is_training: isTraining);
            var g32 = tf.gradients(new[] { y32 }, new object[] { x32, scale, offset }, new Tensor?[] { gradY32 });
            var (gradX32, gradScale32, gradOffset32) = (g32[0]!, g32[1]!, g32[2]!);
            double E16(Tensor from, Tensor from32, int[] fromShape, Tensor to, Tensor to32, int[] toShape) =>
                FusedKit.GradientErrorFloat16(sess, rng, from, from32, fromShape, to, to32, toShape);
            errors.Add(("grad_y→grad_x", E16(gradY, gradY32, xShape, gradX, gradX32, xShape)));
            errors.Add(("grad_y→grad_scale", E16(gradY, gradY32, xShape, gradScale, gradScale32, scaleShape)));
            errors.Add(("grad_y→grad_offset", E16(gradY, gradY32, xShape, gradOffset, gradOffset32, scaleShape)));
            if (isTraining) errors.Add(("x→grad_x", E16(x, x32, xShape, gradX, gradX32, xShape)));
            errors.Add(("x→grad_scale", E16(x, x32, xShape, gradScale, gradScale32, scaleShape)));
            errors.Add(("scale→grad_x", E16(scale, scale, scaleShape, gradX, gradX32, xShape)));
        }
        foreach (var (name, err) in errors)
            Assert.True(err < errTolerance, $"{what}: {name} error {err:E3} (tolerance {errTolerance:E0})");
    }
}
