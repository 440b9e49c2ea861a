namespace TfBnPort.Tensorflow;

internal sealed partial class KerasBatchNorm
{
    /// <summary>
    /// keras _fused_batch_norm: smart_cond between FusedBatchNormV3 in training mode and in inference
    /// mode on the moving statistics (data_format NCHW for axis 1, NHWC for axis 3; TF's CPU kernel
    /// runs NHWC only and refuses NCHW when the graph runs). With a training tensor the momentum is
    /// smart_cond(training, momentum, 1.0), so an inference run of the updates moves nothing.
    /// </summary>
    private Tensor FusedCall(Tensor inputs, object training, List<object> updates)
    {
        // A partitioned gamma/beta is concatenated where fused_batch_norm converts it: in each branch, gamma first.
        Tensor Gamma_() => GammaValue() ?? _gammaConst!;
        Tensor Beta_() => BetaValue() ?? _betaConst!;
        var results = ControlFlowOps.SmartCond(training,
            () =>
            {
                var gamma = Gamma_();
                var r = tf.nn.fused_batch_norm(inputs, gamma, Beta_(), epsilon: _o.Epsilon, data_format: _dataFormat);
                return new[] { r.Y, r.Mean, r.Variance };
            },
            () =>
            {
                var gamma = Gamma_();
                var r = tf.nn.fused_batch_norm(inputs, gamma, Beta_(), MovingMean.Snapshot, MovingVariance.Snapshot, _o.Epsilon,
                    data_format: _dataFormat, is_training: false);
                // Deliberate deviation from TF 1.15: Python returns r.Mean and r.Variance here, but the CPU
                // kernel never writes them when is_training=False (uninitialized memory). With a training
                // tensor, an inference run of UPDATE_OPS computes var −= (var − garbage)·(1 − 1.0), which is
                // exactly var unless the garbage is NaN/Inf, and then NaN. Returning the moving statistics
                // gives TF's intended "moves nothing" always; they already enter this branch through its
                // Switch, so no op is added (op counts, and with them random seeds, stay TF's).
                return new[] { r.Y, MovingMean.Snapshot, MovingVariance.Snapshot };
            });
        var (output, mean, variance) = (results[0], results[1], results[2]);
        if (!BesselsCorrectionTestOnly) variance = RemoveBesselsCorrection(inputs, variance);
        var trainingValue = ControlFlowOps.ConstantBool(training);
        Tensor momentum = trainingValue is null
            ? ControlFlowOps.SmartCond(training, () => new[] { tf.constant((float)_o.Momentum, name: "Const") }, () => new[] { tf.constant(1.0f, name: "Const") })[0]
            : tf.constant((float)_o.Momentum, name: "Const");
        if (trainingValue != false)
        {
            updates.Add(AssignMovingAverage(MovingMean, mean, momentum).Op);
            updates.Add(AssignMovingAverage(MovingVariance, variance, momentum).Op);
        }
        return output;
    }

    /// <summary>
    /// Scales the kernel's Bessel-corrected variance back by (n − 1)/n, n = size(inputs)/size(variance),
    /// the way keras does it when _bessels_correction_test_only is false (to match the non-fused path).
    /// </summary>
    private static Tensor RemoveBesselsCorrection(Tensor inputs, Tensor variance)
    {
        // size/size is Python's int32 truediv: both cast to float64, then RealDiv.
        var graph = inputs.Graph;
        var inputsSize = tf.size(inputs, name: "Size");
        var varianceSize = tf.size(variance, name: "Size");
        Tensor ratio;
        using (var scope = graph.NameScope("truediv"))
        {
            var x = tf.cast(inputsSize, DType.Double, name: "Cast");
            var y = tf.cast(varianceSize, DType.Double, name: "Cast");
            ratio = graph.NewOperationExact("RealDiv", scope.ScopeName).Input(x).Input(y).Finish().Output(0);
        }
        var sampleSize = tf.cast(ratio, variance.DType.BaseType(), name: "Cast");
        var factor = (sampleSize - tf.constant(1.0f, name: "Cast/x")) / sampleSize;
        return variance * factor;
    }
}
