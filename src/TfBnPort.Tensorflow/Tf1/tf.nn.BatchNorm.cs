namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class nn
    {
        /// <summary>The epsilon floor nn.fused_batch_norm applies (cuDNN's minimum), on every fused call.</summary>
        public const double FusedMinEpsilon = 1.001e-5;

        /// <summary>
        /// tf.nn.moments: mean and biased variance (mean of squared differences from a stop-gradient
        /// mean) over <paramref name="axes"/>, squeezed unless <paramref name="keep_dims"/>. float16 input is
        /// computed in float32 and the results cast back, as nn_impl.moments does; <paramref name="shift"/>
        /// is accepted and unused, as in TF 1.15.
        /// </summary>
        public static (Tensor Mean, Tensor Variance) moments(object x, int[] axes, bool keep_dims = false, string? name = null, object? shift = null)
        {
            var t = OpHelper.ToTensor(x);
            using var _ = t.Graph.as_default();
            using var scope = name_scope(name ?? "moments");
            var isHalf = t.DType.BaseType() == DType.Half;
            var y = isHalf ? cast(t, DType.Float, name: "Cast") : t;
            var mean = reduce_mean(y, axes, keepdims: true, name: "mean");
            var variance = reduce_mean(squared_difference(y, stop_gradient(mean, name: "StopGradient"), name: "SquaredDifference"), axes, keepdims: true, name: "variance");
            if (!keep_dims)
            {
                mean = squeeze(mean, axes, name: "Squeeze");
                variance = squeeze(variance, axes, name: "Squeeze_1");
            }
            if (isHalf) return (cast(mean, DType.Half, name: "Cast_1"), cast(variance, DType.Half, name: "Cast_2"));
            return (mean, variance);
        }

        /// <summary>
        /// tf.nn.batch_normalization: x·inv + (offset − mean·inv), inv = rsqrt(var + ε)·scale, the
        /// statistics in their own dtype (float32 parameters with float16 x) and inv and the shift cast to x's.
        /// </summary>
        public static Tensor batch_normalization(object x, object mean, object variance, object? offset, object? scale, double variance_epsilon, string? name = null)
        {
            var tx = OpHelper.ToTensor(x);
            using var _ = tx.Graph.as_default();
            using var scope = name_scope(name ?? "batchnorm");
            var xType = tx.DType.BaseType();
            // The same expression, evaluated in the same order, as 1.15's nn_impl.batch_normalization:
            // Python's operators name each op after its type, uniquified in the scope ("mul", "mul_1",
            // ...), so the names follow from the order (a scale shifts them by one) and the op count,
            // which feeds later random seeds, matches. A tensor keeps its dtype; a number or array takes
            // the dtype of what it meets, as Python's operators convert it.
            var tVariance = ParamTensor(variance, xType);
            var pType = tVariance.DType.BaseType();
            var inv = rsqrt(tVariance + variance_epsilon, name: "Rsqrt");
            if (scale is not null) inv *= ParamTensor(scale, pType);
            // math_ops.cast(…, x.dtype) adds no op when the dtype already matches (every float32 graph).
            var scaled = tx * cast(inv, xType);
            Tensor shift;
            if (offset is not null)
            {
                var meanInv = ParamTensor(mean, pType) * inv;
                shift = ParamTensor(offset, pType) - meanInv;
            }
            else shift = -ParamTensor(mean, pType) * inv;
            return scaled + cast(shift, xType);
        }

        private static Tensor ParamTensor(object value, DType dtype) =>
            value is Tensor or IHasTensor ? OpHelper.ToTensor(value) : OpHelper.ToTensor(value, dtype);

        /// <summary>
        /// tf.nn.batch_norm_with_global_normalization (nn_impl, TF 1.15): batch_normalization with
        /// gamma only when <paramref name="scale_after_normalization"/> (t, m, v, beta, gamma, epsilon).
        /// </summary>
        public static Tensor batch_norm_with_global_normalization(object t, object m, object v, object beta, object gamma,
            double variance_epsilon, bool scale_after_normalization, string? name = null) =>
            batch_normalization(t, m, v, beta, scale_after_normalization ? gamma : null, variance_epsilon, name);

        /// <summary>
        /// tf.nn.fused_batch_norm (FusedBatchNormV3): returns (y, batch_mean, batch_variance); in training
        /// mode the variance output is Bessel-corrected. Epsilon is floored at 1.001e-5.
        /// </summary>
        public static (Tensor Y, Tensor Mean, Tensor Variance) fused_batch_norm(object x, object scale, object offset, object? mean = null,
            object? variance = null, double epsilon = 0.001, string data_format = "NHWC", bool is_training = true, string? name = null)
        {
            var tx = OpHelper.ToTensor(x);
            var graph = tx.Graph;
            using var _ = graph.as_default();
            if (is_training && (mean is not null || variance is not null))
                throw new ValueError("Both 'mean' and 'variance' must be None if is_training is True.");
            if (!is_training && (mean is null || variance is null))
                throw new ValueError("Both 'mean' and 'variance' must be a 1D tensor when is_training is False.");
            // The graph takes both layouts, as in TF; the CPU kernel refuses NCHW when it runs ("The CPU
            // implementation of FusedBatchNorm only supports NHWC tensor format for now.").
            if (data_format is not ("NHWC" or "NCHW"))
                throw new ValueError($"data_format must be NHWC or NCHW, got {data_format}.");
            var tScale = OpHelper.ToTensor(scale, DType.Float);
            var tOffset = OpHelper.ToTensor(offset, DType.Float);
            var tMean = mean is null ? constant(Array.Empty<float>(), name: "Const") : OpHelper.ToTensor(mean, DType.Float);
            var tVar = variance is null ? constant(Array.Empty<float>(), name: "Const_1") : OpHelper.ToTensor(variance, DType.Float);
            var eps = epsilon > FusedMinEpsilon ? epsilon : FusedMinEpsilon;
            var op = graph.NewOperation("FusedBatchNormV3", name ?? "FusedBatchNormV3")
                .Input(tx).Input(tScale).Input(tOffset).Input(tMean).Input(tVar)
                .Attr("epsilon", (float)eps).Attr("data_format", data_format).Attr("is_training", is_training).Finish();
            return (op.Output(0), op.Output(1), op.Output(2));
        }
    }
}
