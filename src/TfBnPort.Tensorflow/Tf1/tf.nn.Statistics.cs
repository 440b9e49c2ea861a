namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class nn
    {
        /// <summary>
        /// tf.nn.sufficient_statistics (nn_impl, TF 1.15): (count, Σ(x − shift), Σ(x − shift)², shift)
        /// over <paramref name="axes"/>; without a shift, Σx and Σx². The count is a constant when the
        /// reduced dimensions are known statically, else the product of those dimensions of shape(x) at run time.
        /// </summary>
        public static (Tensor Count, Tensor MeanSs, Tensor VarianceSs, Tensor? Shift) sufficient_statistics(object x, int[] axes,
            object? shift = null, bool keep_dims = false, string? name = null)
        {
            var axesSet = axes.Distinct().ToArray();
            var graph = OpHelper.GraphOf(x, shift);
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "sufficient_statistics");
            var tx = OpHelper.ToTensor(x, null, "x");
            var dtype = tx.DType.BaseType();
            var xShape = tx.Shape;
            Tensor counts;
            if (xShape.IsKnownRank && axesSet.All(d => xShape[d] >= 0))
            {
                var count = axesSet.Aggregate(1L, (acc, d) => acc * xShape[d]);
                counts = constant(TensorValue.From((double)count).CastTo(dtype), name: "Const");
            }
            else
            {
                // array_ops.gather(cast(shape(x), x.dtype), axes), then reduce_prod(name="count").
                var dims = cast(tf.shape(tx), dtype, name: "Cast");
                Tensor gathered;
                using (var g = graph.NameScope("GatherV2"))
                    gathered = graph.NewOperationExact("GatherV2", g.ScopeName).Input(dims).Input(constant(axesSet, name: "indices"))
                        .Input(constant(0, name: "axis")).Attr("batch_dims", 0).Finish().Output(0);
                using var c = graph.NameScope("count");
                counts = graph.NewOperationExact("Prod", c.ScopeName).Input(gathered).Input(constant(new[] { 0 }, name: "Const"))
                    .Attr("keep_dims", false).Finish().Output(0);
            }
            Tensor mSs, vSs;
            Tensor? tShift = null;
            if (shift is not null)
            {
                tShift = OpHelper.ToTensor(shift, dtype, "shift");
                mSs = subtract(tx, tShift, name: "Sub");
                vSs = squared_difference(tx, tShift, name: "SquaredDifference");
            }
            else
            {
                mSs = tx;
                vSs = square(tx, name: "Square");
            }
            mSs = reduce_sum(mSs, axesSet, keepdims: keep_dims, name: "mean_ss");
            vSs = reduce_sum(vSs, axesSet, keepdims: keep_dims, name: "var_ss");
            return (counts, mSs, vSs, tShift);
        }


        /// <summary>
        /// tf.nn.normalize_moments (nn_impl, TF 1.15): mean = mean_ss/counts (+ shift), variance =
        /// variance_ss/counts − (mean_ss/counts)², in a "normalize" name scope.
        /// </summary>
        public static (Tensor Mean, Tensor Variance) normalize_moments(object counts, object mean_ss, object variance_ss, object? shift, string? name = null)
        {
            var graph = OpHelper.GraphOf(counts, mean_ss, variance_ss, shift);
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "normalize");
            var divisor = reciprocal(counts, name: "divisor");
            Tensor shiftedMean, mean;
            if (shift is not null)
            {
                shiftedMean = multiply(mean_ss, divisor, name: "shifted_mean");
                mean = add(shiftedMean, shift, name: "mean");
            }
            else
            {
                shiftedMean = multiply(mean_ss, divisor, name: "mean");
                mean = shiftedMean;
            }
            var variance = subtract(multiply(variance_ss, divisor, name: "Mul"), square(shiftedMean, name: "Square"), name: "variance");
            return (mean, variance);
        }

        /// <summary>
        /// tf.nn.weighted_moments (nn_impl, TF 1.15): the frequency-weighted mean Σw·x/Σw and variance
        /// Σw·(x − mean)²/Σw over <paramref name="axes"/>, the weights broadcast against x; float16 is
        /// computed in float32 and cast back.
        /// </summary>
        public static (Tensor Mean, Tensor Variance) weighted_moments(object x, int[] axes, object frequency_weights, string? name = null, bool keep_dims = false)
        {
            var graph = OpHelper.GraphOf(x, frequency_weights);
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "weighted_moments");
            var tx = OpHelper.ToTensor(x, null, "x");
            var w = OpHelper.ToTensor(frequency_weights, null, "frequency_weights");
            var needsCast = tx.DType.BaseType() == DType.Half;
            if (needsCast) tx = cast(tx, DType.Float, name: "Cast");
            if (w.DType.BaseType() != tx.DType.BaseType()) w = cast(w, tx.DType.BaseType(), name: "Cast_1");
            var weightedInputSum = reduce_sum(w * tx, axes, keepdims: true, name: "weighted_input_sum");
            var broadcastWeights = w + zeros_like(tx, name: "zeros_like");
            var sumOfWeights = reduce_sum(broadcastWeights, axes, keepdims: true, name: "sum_of_weights");
            var divisor = reciprocal(sumOfWeights, name: "inv_weight_sum");
            var weightedMean = multiply(weightedInputSum, divisor, name: "Mul");
            var weightedDistsq = reduce_sum(w * squared_difference(tx, weightedMean, name: "SquaredDifference"), axes, keepdims: true, name: "weighted_distsq");
            var weightedVariance = multiply(weightedDistsq, divisor, name: "Mul_1");
            if (!keep_dims)
            {
                weightedMean = squeeze(weightedMean, axes, name: "Squeeze");
                weightedVariance = squeeze(weightedVariance, axes, name: "Squeeze_1");
            }
            if (needsCast)
            {
                weightedMean = cast(weightedMean, DType.Half, name: "Cast_2");
                weightedVariance = cast(weightedVariance, DType.Half, name: "Cast_3");
            }
            return (weightedMean, weightedVariance);
        }
    }
}
