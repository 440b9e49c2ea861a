namespace TfBnPort.Tensorflow.Gradients;

/// <summary>
/// FusedBatchNormV3's gradient (nn_grad.py _FusedBatchNormV3Grad): only the first output's
/// gradient counts; training mode feeds the forward op's reserve spaces, inference mode the
/// population mean and variance.
/// </summary>
internal static class BatchNormGradients
{
    public static void Register()
    {
        GradientRegistry.Register("FusedBatchNormV3", (op, g) =>
        {
            var (x, scale) = (op.Inputs[0], op.Inputs[1]);
            var isTraining = op.Attr<bool>("is_training");
            var grad = g[0]!;
            var b = grad.Graph.NewOperation("FusedBatchNormGradV3", "FusedBatchNormGradV3").Input(grad).Input(x).Input(scale);
            if (isTraining) b.Input(op.Outputs[3]).Input(op.Outputs[4]).Input(op.Outputs[5]);
            else b.Input(op.Inputs[3]).Input(op.Inputs[4]).Input(op.Outputs[5]);
            var gradOp = b.Attr("epsilon", op.Attr<float>("epsilon")).Attr("data_format", op.Attr<string>("data_format"))
                .Attr("is_training", isTraining).Finish();
            return new Tensor?[] { gradOp.Output(0), gradOp.Output(1), gradOp.Output(2), null, null };
        });
    }
}
