namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class layers
    {
        /// <summary>
        /// tf.layers.batch_normalization (TF 1.15): a thin wrapper that builds a
        /// <see cref="BatchNormalization"/> layer and applies it once, as TF's function does.
        /// Variables gamma, beta, moving_mean, moving_variance under "batch_normalization" (made
        /// unique) or <paramref name="name"/>. Rank-4 input on axis 3 (or 1): FusedBatchNormV3;
        /// otherwise the moments path. <paramref name="training"/> is a bool or a bool tensor (then a
        /// real tf.cond). Updates (AssignSub by (var − value)·(1 − momentum), no debias) go to UPDATE_OPS.
        /// The parameters after <paramref name="fused"/> follow TF's names; see the layer class for them.
        /// </summary>
        public static Tensor batch_normalization(Tensor inputs, BatchNormAxis axis = default, double momentum = 0.99, double epsilon = 1e-3,
            bool center = true, bool scale = true, IInitializer? beta_initializer = null, IInitializer? gamma_initializer = null,
            IInitializer? moving_mean_initializer = null, IInitializer? moving_variance_initializer = null,
            object? training = null, bool trainable = true, string? name = null, bool? reuse = null, bool? fused = null,
            Func<Tensor, Tensor>? beta_regularizer = null, Func<Tensor, Tensor>? gamma_regularizer = null,
            Func<Tensor, Tensor>? beta_constraint = null, Func<Tensor, Tensor>? gamma_constraint = null,
            bool renorm = false, IReadOnlyDictionary<string, object>? renorm_clipping = null, double renorm_momentum = 0.99,
            int? virtual_batch_size = null, Func<Tensor, (Tensor Scale, Tensor Bias)>? adjustment = null)
        {
            var layer = new BatchNormalization(axis, momentum, epsilon, center, scale, beta_initializer, gamma_initializer,
                moving_mean_initializer, moving_variance_initializer, beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint,
                renorm, renorm_clipping, renorm_momentum, fused, trainable, virtual_batch_size, adjustment, name, reuse);
            return layer.apply(inputs, training ?? false);
        }
    }
}
