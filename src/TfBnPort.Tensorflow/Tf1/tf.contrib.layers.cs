namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class contrib
    {
        public static partial class layers
        {
            /// <summary>
            /// tf.contrib.layers.batch_norm (TF 1.15), arguments in TF's order. Defaults: decay 0.999, center,
            /// NO scale, epsilon 0.001, is_training true, updates into UPDATE_OPS, scope "BatchNorm".
            /// Routing as layers.py: with fused (None means true), a rank of 2 or 4, no renorm or adjustment,
            /// and (zero-debias, or rank 2, or updates_collections not UPDATE_OPS) it takes contrib's own
            /// fused path; otherwise the core layer when the updates go to UPDATE_OPS without zero-debias
            /// (renorm, renorm_clipping, renorm_decay and adjustment are the core layer's); else the legacy
            /// moments path, which refuses renorm. <paramref name="is_training"/> is a bool, a bool tensor or a Variable.
            /// updates_collections = null runs the updates with the output (control dependencies).
            /// <paramref name="variables_collections"/> is a list of collections for every variable, or a
            /// dictionary from "beta", "gamma", "moving_mean", "moving_variance" to lists.
            /// <paramref name="param_regularizers"/> maps "beta"/"gamma" to a function of the variable's
            /// value returning the loss (filed under REGULARIZATION_LOSSES).
            /// </summary>
            public static Tensor batch_norm(Tensor inputs, double decay = 0.999, bool center = true, bool scale = false, double epsilon = 0.001,
                Func<Tensor, string?, Tensor>? activation_fn = null, IReadOnlyDictionary<string, IInitializer>? param_initializers = null,
                IReadOnlyDictionary<string, Func<Tensor, Tensor>>? param_regularizers = null, string? updates_collections = GraphKeys.UPDATE_OPS,
                object? is_training = null, bool? reuse = null, object? variables_collections = null, IEnumerable<string>? outputs_collections = null,
                bool trainable = true, bool? fused = null, string data_format = ContribBatchNormArgs.NHWC,
                bool zero_debias_moving_mean = false, string? scope = null, bool renorm = false,
                IReadOnlyDictionary<string, object>? renorm_clipping = null, double renorm_decay = 0.99,
                Func<Tensor, (Tensor Scale, Tensor Bias)>? adjustment = null)
            {
                var graph = inputs.Graph;
                using var _ = graph.as_default();
                var args = new ContribBatchNormArgs(decay, center, scale, epsilon, activation_fn,
                    param_initializers ?? new Dictionary<string, IInitializer>(), param_regularizers ?? new Dictionary<string, Func<Tensor, Tensor>>(),
                    updates_collections, ContribBatchNormArgs.TrainingFlag(is_training ?? true), reuse, variables_collections,
                    outputs_collections, trainable, data_format, zero_debias_moving_mean, scope);
                var rank = inputs.Shape.Rank;
                var possibleToFuse = !renorm && (rank is 2 or 4) && adjustment is null;
                if ((fused ?? true) && possibleToFuse && (zero_debias_moving_mean || rank == 2 || updates_collections != GraphKeys.UPDATE_OPS))
                    return ContribFusedBatchNorm.Build(inputs, args);
                if (data_format is not (ContribBatchNormArgs.NCHW or ContribBatchNormArgs.NHWC))
                    throw new ValueError("data_format has to be either NCHW or NHWC.");
                if (updates_collections == GraphKeys.UPDATE_OPS && !zero_debias_moving_mean)
                    return ContribCoreBatchNorm.Build(inputs, args, new ContribRenorm(renorm, renorm_clipping, renorm_decay, adjustment), fused);
                if (renorm)
                    throw new ValueError("renorm is not supported with batch_weights, updates_collections or zero_debias_moving_mean");
                return ContribLegacyBatchNorm.Build(inputs, args);
            }
        }
    }
}
