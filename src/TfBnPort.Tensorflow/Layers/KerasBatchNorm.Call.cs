namespace TfBnPort.Tensorflow;

internal sealed partial class KerasBatchNorm
{
    /// <summary>
    /// keras call's non-fused path: moments over every axis but the normalized ones (and the
    /// virtual-batch one), smart_cond between batch and moving statistics, updates through
    /// smart_cond, output by nn.batch_normalization. Ops are made in TF's order, so names match.
    /// </summary>
    private Tensor NonFusedCall(Tensor inputs, object training, List<object> updates)
    {
        var inputShape = inputs.Shape;
        var ndims = inputShape.Rank;
        var reductionAxes = Enumerable.Range(0, ndims).Where(i => !_axis.Contains(i)).ToList();
        if (_o.VirtualBatchSize is not null) reductionAxes.RemoveAt(1); // keep the sub-batch dimension
        // Only a single-axis layer whose axis is not the last needs its [C] statistics reshaped to broadcast.
        var broadcastShape = Enumerable.Repeat(1, ndims).ToArray();
        broadcastShape[_axis[0]] = (int)inputShape[_axis[0]];
        var reducesAllButLast = reductionAxes.SequenceEqual(Enumerable.Range(0, ndims - 1));
        Tensor? Broadcast(Tensor? v) =>
            v is not null && v.Shape.Rank != ndims && !reducesAllButLast ? tf.reshape(v, broadcastShape, name: "Reshape") : v;

        var scale = Broadcast(GammaValue());
        var offset = Broadcast(BetaValue());
        Tensor mean, variance;
        if (ControlFlowOps.ConstantBool(training) == false)
        {
            mean = MovingMean.Snapshot;
            variance = MovingVariance.Snapshot;
        }
        else
        {
            if (_o.Adjustment is { } adjustment)
            {
                var (adjScale, adjBias) = adjustment(tf.shape(inputs, name: "Shape"));
                // The adjustment applies in training only.
                adjScale = ControlFlowOps.SmartCond(training, () => new[] { adjScale }, () => new[] { tf.ones_like(adjScale) })[0];
                adjBias = ControlFlowOps.SmartCond(training, () => new[] { adjBias }, () => new[] { tf.zeros_like(adjBias) })[0];
                (scale, offset) = ComposeTransforms(adjScale, adjBias, scale, offset);
            }
            var keepDims = _o.VirtualBatchSize is not null || _axis.Length > 1;
            var paramDType = MovingMean.DType;
            var statsInput = inputs.DType.BaseType() == paramDType ? inputs : tf.cast(inputs, paramDType, name: "Cast");
            var (batchMean, batchVariance) = tf.nn.moments(statsInput, reductionAxes.ToArray(), keep_dims: keepDims);
            mean = ControlFlowOps.SmartCond(training, () => new[] { batchMean }, () => new[] { MovingMean.Snapshot })[0];
            variance = ControlFlowOps.SmartCond(training, () => new[] { batchVariance }, () => new[] { MovingVariance.Snapshot })[0];
            Tensor newMean = mean, newVariance = variance;
            if (_o.VirtualBatchSize is not null)
            {
                // One update from the average over sub-batches, as TF does (not one per sub-batch).
                newMean = tf.reduce_mean(mean, new[] { 1 }, keepdims: true, name: "Mean");
                newVariance = tf.reduce_mean(variance, new[] { 1 }, keepdims: true, name: "Mean");
            }
            if (_o.Renorm)
            {
                Tensor r, d;
                (r, d, newMean, newVariance) = RenormCorrectionAndMoments(newMean, newVariance, training);
                // (x·r + d)·gamma + beta = x·(r·gamma) + (d·gamma + beta): folded into scale and offset.
                r = Broadcast(tf.stop_gradient(r, name: "renorm_r"))!;
                d = Broadcast(tf.stop_gradient(d, name: "renorm_d"))!;
                (scale, offset) = ComposeTransforms(r, d, scale, offset);
            }
            var updateMean = newMean;
            var updateVariance = newVariance;
            updates.Add(ControlFlowOps.SmartCond(training,
                () => new[] { AssignMovingAverage(MovingMean, updateMean, _o.Momentum) }, () => new[] { MovingMean.Snapshot })[0].Op);
            updates.Add(ControlFlowOps.SmartCond(training,
                () => new[] { _o.Renorm ? RenormVarianceUpdate(updateVariance) : AssignMovingAverage(MovingVariance, updateVariance, _o.Momentum) },
                () => new[] { MovingVariance.Snapshot })[0].Op);
        }
        var dtype = inputs.DType.BaseType();
        Tensor? CastIn(Tensor? t) => t is null || t.DType.BaseType() == dtype ? t : tf.cast(t, dtype, name: "Cast");
        mean = CastIn(mean)!;
        variance = CastIn(variance)!;
        offset = CastIn(offset);
        scale = CastIn(scale);
        var outputs = tf.nn.batch_normalization(inputs, Broadcast(mean)!, Broadcast(variance)!, offset, scale, _o.Epsilon);
        outputs.SetShape(inputShape);
        return outputs;
    }

    /// <summary>keras _compose_transforms: (scale, offset) then (then_scale, then_offset), i.e. scale·ts and offset·ts + to.</summary>
    private static (Tensor Scale, Tensor Offset) ComposeTransforms(Tensor scale, Tensor offset, Tensor? thenScale, Tensor? thenOffset)
    {
        if (thenScale is not null)
        {
            scale *= thenScale;
            offset *= thenScale;
        }
        if (thenOffset is not null) offset += thenOffset;
        return (scale, offset);
    }
}
