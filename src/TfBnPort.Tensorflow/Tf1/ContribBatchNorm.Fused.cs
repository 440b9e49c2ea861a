namespace TfBnPort.Tensorflow;

/// <summary>
/// contrib.layers' own _fused_batch_norm (TF 1.15): rank 2 reshaped to [-1,1,1,C] (NHWC) or [-1,C,1,1]
/// (NCHW); float32 variables whatever the input dtype; smart_cond(is_training, fused train, fused
/// inference); moving averages through moving_averages.assign_moving_average with the kernel's
/// Bessel-corrected variance (zero-debias only on the mean). The CPU kernel only runs NHWC: an NCHW
/// graph builds, and running it raises the kernel's own error, as in TF.
/// </summary>
internal static class ContribFusedBatchNorm
{
    public static Tensor Build(Tensor inputs, ContribBatchNormArgs a)
    {
        if (a.DataFormat is not (ContribBatchNormArgs.NCHW or ContribBatchNormArgs.NHWC))
            throw new ValueError("data_format has to be either NCHW or NHWC.");
        var graph = inputs.Graph;
        using var sc = a.Scope is null ? tf.variable_scope_default("BatchNorm", a.Reuse) : tf.variable_scope(a.Scope, a.Reuse);
        var originalShape = inputs.Shape;
        var originalInputs = inputs;
        if (!originalShape.IsKnownRank) throw new ValueError($"Inputs {inputs.Name} has undefined rank");
        if (originalShape.Rank is not (2 or 4)) throw new ValueError($"Inputs {inputs.Name} has unsupported rank. Expected 2 or 4 but got {originalShape.Rank}");
        if (originalShape.Rank == 2)
        {
            var channels = originalShape[-1];
            if (channels < 0) throw new ValueError("`C` dimension must be known but is None");
            var newShape = a.ChannelsFirst ? new[] { -1, (int)channels, 1, 1 } : new[] { -1, 1, 1, (int)channels };
            inputs = tf.reshape(inputs, newShape, name: "Reshape");
        }
        var c = a.ChannelsFirst ? inputs.Shape[1] : inputs.Shape[-1];
        if (c < 0) throw new ValueError($"Inputs {inputs.Name} has undefined `C` dimension {new TensorShape(new[] { c })}.");
        var paramShape = new[] { (int)c };
        // Float32 variables even for float16 inputs (TF: "to avoid precision-loss").
        var dtype = DType.Float;
        // Creation order: beta, gamma, moving_mean, moving_variance (model variables).
        var beta = a.Center
            ? ContribVariables.ModelVariable("beta", paramShape, dtype, a.Initializer("beta", tf.zeros_initializer()), a.Regularizer("beta"), a.Collections("beta"), a.Trainable).Snapshot
            : tf.constant(0.0f, shape: paramShape, name: "Const");
        var gamma = a.Scale
            ? ContribVariables.ModelVariable("gamma", paramShape, dtype, a.Initializer("gamma", tf.ones_initializer()), a.Regularizer("gamma"), a.Collections("gamma"), a.Trainable).Snapshot
            : tf.constant(1.0f, shape: paramShape, name: "Const");
        // TF disables any partitioner for the moving statistics; this binding has none to disable.
        var movingMean = ContribVariables.ModelVariable("moving_mean", paramShape, dtype, a.Initializer("moving_mean", tf.zeros_initializer()), null, a.Collections("moving_mean"), false);
        var movingVariance = ContribVariables.ModelVariable("moving_variance", paramShape, dtype, a.Initializer("moving_variance", tf.ones_initializer()), null, a.Collections("moving_variance"), false);

        var results = ControlFlowOps.SmartCond(a.IsTraining,
            () => { var r = tf.nn.fused_batch_norm(inputs, gamma, beta, epsilon: a.Epsilon, data_format: a.DataFormat); return new[] { r.Y, r.Mean, r.Variance }; },
            () =>
            {
                var r = tf.nn.fused_batch_norm(inputs, gamma, beta, movingMean.Snapshot, movingVariance.Snapshot, a.Epsilon, a.DataFormat, is_training: false);
                return new[] { r.Y, r.Mean, r.Variance };
            });
        var (outputs, mean, variance) = (results[0], results[1], results[2]);
        // A statically false is_training builds no update at all.
        if (ControlFlowOps.ConstantBool(a.IsTraining) != false)
        {
            Tensor[] Updates() => new[]
            {
                tf.train.assign_moving_average(movingMean, mean, a.Decay, zero_debias: a.ZeroDebias),
                tf.train.assign_moving_average(movingVariance, variance, a.Decay, zero_debias: false),
            };
            if (a.UpdatesCollections is null)
            {
                var computed = outputs;
                outputs = ControlFlowOps.SmartCond(a.IsTraining,
                    () =>
                    {
                        var u = Updates();
                        using (graph.ControlDependencies(u)) return new[] { tf.identity(computed, "Identity") };
                    },
                    () => new[] { computed })[0];
            }
            else
            {
                var updated = ControlFlowOps.SmartCond(a.IsTraining, Updates, () => new[] { movingMean.Snapshot, movingVariance.Snapshot });
                ContribVariables.AddUpdates(graph, a.UpdatesCollections, updated[0], updated[1]);
            }
        }
        outputs.SetShape(inputs.Shape);
        if (originalShape.Rank == 2) outputs = tf.reshape(outputs, tf.shape(originalInputs, name: "Shape"), name: "Reshape_1");
        if (a.Activation is not null) outputs = a.Activation(outputs, null);
        return ContribVariables.CollectNamedOutputs(graph, a.OutputsCollections, outputs);
    }
}
