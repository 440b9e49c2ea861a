namespace TfBnPort.Tensorflow;

/// <summary>
/// contrib batch_norm's legacy path (TF 1.15 layers.py, after the core-layer branch): taken with fused=False
/// (or a rank the fused kernel cannot take) when the updates go elsewhere than UPDATE_OPS or the moving
/// mean is zero-debiased. Variables in the input's dtype; nn.moments (biased variance); updates through
/// moving_averages.assign_moving_average, either forced with the statistics (updates_collections=None) or
/// filed in the collections; NCHW broadcasts the per-channel vectors as [1, C, 1, ...].
/// param_regularizers are not applied here, as in TF.
/// </summary>
internal static class ContribLegacyBatchNorm
{
    public static Tensor Build(Tensor inputs, ContribBatchNormArgs a)
    {
        var graph = inputs.Graph;
        using var sc = a.Scope is null ? tf.variable_scope_default("BatchNorm", a.Reuse) : tf.variable_scope(a.Scope, a.Reuse);
        var before = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).ToHashSet();
        var shape = inputs.Shape;
        if (!shape.IsKnownRank) throw new ValueError($"Inputs {inputs.Name} has undefined rank.");
        var rank = shape.Rank;
        var dtype = inputs.DType.BaseType();
        int[] momentsAxes;
        int[]? broadcastShape = null;
        long channels;
        if (a.ChannelsFirst)
        {
            momentsAxes = new[] { 0 }.Concat(Enumerable.Range(2, rank - 2)).ToArray();
            channels = shape[1];
            // Explicit [1, C, 1, ...] shapes rather than implicit broadcasting.
            if (channels >= 0) broadcastShape = new[] { 1, (int)channels }.Concat(Enumerable.Repeat(1, rank - 2)).ToArray();
        }
        else
        {
            momentsAxes = Enumerable.Range(0, rank - 1).ToArray();
            channels = shape[-1];
        }
        if (channels < 0) throw new ValueError($"Inputs {inputs.Name} has undefined channels dimension {new TensorShape(new[] { channels })}.");
        var paramShape = new[] { (int)channels };

        Variable? beta = a.Center
            ? ContribVariables.ModelVariable("beta", paramShape, dtype, a.Initializer("beta", tf.zeros_initializer()), null, a.Collections("beta"), a.Trainable)
            : null;
        Variable? gamma = a.Scale
            ? ContribVariables.ModelVariable("gamma", paramShape, dtype, a.Initializer("gamma", tf.ones_initializer()), null, a.Collections("gamma"), a.Trainable)
            : null;
        var movingMean = ContribVariables.ModelVariable("moving_mean", paramShape, dtype, a.Initializer("moving_mean", tf.zeros_initializer()), null, a.Collections("moving_mean"), false);
        var movingVariance = ContribVariables.ModelVariable("moving_variance", paramShape, dtype, a.Initializer("moving_variance", tf.ones_initializer()), null, a.Collections("moving_variance"), false);

        Tensor mean, variance;
        // A statically false is_training builds neither moments nor updates.
        if (ControlFlowOps.ConstantBool(a.IsTraining) != false)
        {
            (mean, variance) = Moments(inputs, momentsAxes, a.ChannelsFirst);
            var (batchMean, batchVariance) = (mean, variance);
            Tensor[] MovingVars() => new[] { movingMean.Snapshot, movingVariance.Snapshot };
            Tensor[] Updates() => new[]
            {
                tf.train.assign_moving_average(movingMean, batchMean, a.Decay, zero_debias: a.ZeroDebias),
                tf.train.assign_moving_average(movingVariance, batchVariance, a.Decay, zero_debias: false),
            };
            if (a.UpdatesCollections is null)
            {
                var forced = ControlFlowOps.SmartCond(a.IsTraining,
                    () =>
                    {
                        var u = Updates();
                        using (graph.ControlDependencies(u))
                            return new[] { tf.identity(batchMean, "Identity"), tf.identity(batchVariance, "Identity_1") };
                    },
                    MovingVars);
                (mean, variance) = (forced[0], forced[1]);
            }
            else
            {
                var updated = ControlFlowOps.SmartCond(a.IsTraining, Updates, MovingVars);
                ContribVariables.AddUpdates(graph, a.UpdatesCollections, updated[0], updated[1]);
                // The batch statistics in training, the moving ones otherwise.
                var chosen = ControlFlowOps.SmartCond(a.IsTraining, () => new[] { batchMean, batchVariance }, MovingVars);
                (mean, variance) = (chosen[0], chosen[1]);
            }
        }
        else (mean, variance) = (movingMean.Snapshot, movingVariance.Snapshot);

        Tensor? offset = beta?.Snapshot, scale = gamma?.Snapshot;
        if (broadcastShape is not null)
        {
            mean = tf.reshape(mean, broadcastShape);
            variance = tf.reshape(variance, broadcastShape);
            if (offset is not null) offset = tf.reshape(offset, broadcastShape);
            if (scale is not null) scale = tf.reshape(scale, broadcastShape);
        }
        var outputs = tf.nn.batch_normalization(inputs, mean, variance, offset, scale, a.Epsilon);
        outputs.SetShape(shape);
        ContribVariables.FileNewAsModelVariables(graph, before);
        if (a.Activation is not null) outputs = a.Activation(outputs, null);
        return ContribVariables.CollectNamedOutputs(graph, a.OutputsCollections, outputs);
    }

    /// <summary>nn.moments, kept as [1, C, 1, ...] and flattened to [C] for NCHW.</summary>
    private static (Tensor Mean, Tensor Variance) Moments(Tensor inputs, int[] axes, bool channelsFirst)
    {
        var (mean, variance) = tf.nn.moments(inputs, axes, keep_dims: channelsFirst);
        if (!channelsFirst) return (mean, variance);
        return (tf.reshape(mean, new[] { -1 }), tf.reshape(variance, new[] { -1 }));
    }
}
