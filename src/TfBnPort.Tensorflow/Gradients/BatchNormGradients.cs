namespace TfBnPort.Tensorflow.Gradients;

/// <summary>
/// Batch-norm gradients of nn_grad.py (TF 1.15): FusedBatchNormV3's (only the first output's gradient
/// counts; training mode feeds the forward op's reserve spaces, inference mode the population mean and
/// variance, in NHWC), FusedBatchNormGradV3's (the second-order one, differentiating
/// <see cref="BatchNormGradMath.BatchNormGrad"/>), and BatchNormWithGlobalNormalization's (its Grad kernel).
/// </summary>
internal static class BatchNormGradients
{
    public static void Register()
    {
        GradientRegistry.Register("FusedBatchNormV3", FusedBatchNormV3Grad);
        GradientRegistry.Register("FusedBatchNormGradV3", FusedBatchNormGradV3Grad);
        GradientRegistry.Register("BatchNormWithGlobalNormalization", (op, g) =>
        {
            var (dx, dm, dv, db, dg) = tf.raw_ops.BatchNormWithGlobalNormalizationGrad(op.Inputs[0], op.Inputs[1], op.Inputs[2], op.Inputs[4], g[0]!,
                op.Attr<float>("variance_epsilon"), op.Attr<bool>("scale_after_normalization"));
            return new Tensor?[] { dx, dm, dv, db, dg };
        });
    }

    private static Tensor?[] FusedBatchNormV3Grad(Operation op, Tensor?[] g)
    {
        var (x, scale) = (op.Inputs[0], op.Inputs[1]);
        var isTraining = op.Attr<bool>("is_training");
        var dataFormat = op.Attr<string>("data_format");
        var grad = g[0]!;
        if (isTraining)
        {
            var gradOp = GradOp(grad, x, scale, op.Outputs[3], op.Outputs[4], op.Outputs[5], op.Attr<float>("epsilon"), dataFormat, true);
            return new Tensor?[] { gradOp.Output(0), gradOp.Output(1), gradOp.Output(2), null, null };
        }
        // Inference: the kernel is run in NHWC, an NCHW x and gradient transposed around it.
        var nchw = dataFormat == "NCHW";
        if (nchw)
        {
            x = tf.transpose(x, new[] { 0, 2, 3, 1 }, name: "transpose");
            grad = tf.transpose(grad, new[] { 0, 2, 3, 1 }, name: "transpose_1");
        }
        var inferOp = GradOp(grad, x, scale, op.Inputs[3], op.Inputs[4], op.Outputs[5], op.Attr<float>("epsilon"), "NHWC", false);
        var dx = inferOp.Output(0);
        if (nchw) dx = tf.transpose(dx, new[] { 0, 3, 1, 2 }, name: "transpose_2");
        return new Tensor?[] { dx, inferOp.Output(1), inferOp.Output(2), null, null };
    }

    private static Operation GradOp(Tensor grad, Tensor x, Tensor scale, Tensor reserve1, Tensor reserve2, Tensor reserve3, float epsilon, string dataFormat, bool isTraining) =>
        grad.Graph.NewOperation("FusedBatchNormGradV3", "FusedBatchNormGradV3").Input(grad).Input(x).Input(scale)
            .Input(reserve1).Input(reserve2).Input(reserve3)
            .Attr("epsilon", epsilon).Attr("data_format", dataFormat).Attr("is_training", isTraining).Finish();

    /// <summary>
    /// _FusedBatchNormGradGradV3: the gradients of the explicit first-order formula with respect to
    /// (y_backprop, x, scale), seeded with the incoming gradients of (dx, dscale, doffset).
    /// </summary>
    private static Tensor?[] FusedBatchNormGradV3Grad(Operation op, Tensor?[] g)
    {
        var (gradY, x, scale, popMean, popVar) = (op.Inputs[0], op.Inputs[1], op.Inputs[2], op.Inputs[3], op.Inputs[4]);
        var (gradX, gradScale, gradOffset) = BatchNormGradMath.BatchNormGrad(gradY, x, scale, popMean, popVar,
            op.Attr<float>("epsilon"), op.Attr<string>("data_format"), op.Attr<bool>("is_training"));
        var second = GradientsImpl.Gradients(new[] { gradX, gradScale, gradOffset }, new[] { gradY, x, scale }, new[] { g[0], g[1], g[2] });
        return new Tensor?[] { second[0], second[1], second[2], null, null, null };
    }
}
