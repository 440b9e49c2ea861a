namespace TfBnPort.Tensorflow;

/// <summary>Batch renormalization (Ioffe 2017, https://arxiv.org/abs/1702.03275), as TF 1.15's keras layer builds it.</summary>
internal sealed partial class KerasBatchNorm
{
    /// <summary>
    /// _renorm_correction_and_moments: r = σ_B/σ_renorm and d = (μ_B − μ_renorm)/σ_renorm from the
    /// pre-update renorm averages, clipped to [rmin, rmax] and [−dmax, dmax], (1, 0) outside
    /// training; the renorm averages move with renorm_momentum before the returned moments are used.
    /// </summary>
    private (Tensor R, Tensor D, Tensor Mean, Tensor Variance) RenormCorrectionAndMoments(Tensor mean, Tensor variance, object training)
    {
        var graph = mean.Graph;
        var stddev = tf.sqrt(variance + _o.Epsilon, name: "Sqrt");
        var renormMean = RenormMean!.Snapshot;
        // Avoid dividing by zero early in training.
        var renormStddev = tf.maximum(RenormStddev!.Snapshot, SqrtOfNumber(graph, _o.Epsilon), name: "Maximum");
        var r = stddev / renormStddev;
        var d = (mean - renormMean) / renormStddev;
        // The corrections must use the averages from before this step's update.
        using (graph.ControlDependencies(new object[] { r, d }))
        {
            mean = tf.identity(mean, name: "Identity");
            stddev = tf.identity(stddev, name: "Identity");
        }
        var clipping = _o.RenormClipping ?? new Dictionary<string, object>();
        if (clipping.TryGetValue("rmin", out var rmin)) r = tf.maximum(r, rmin, name: "Maximum");
        if (clipping.TryGetValue("rmax", out var rmax)) r = tf.minimum(r, rmax, name: "Minimum");
        if (clipping.TryGetValue("dmax", out var dmax))
        {
            d = tf.maximum(d, Negate(dmax), name: "Maximum");
            d = tf.minimum(d, dmax, name: "Minimum");
        }
        var rTrain = r;
        var dTrain = d;
        r = ControlFlowOps.SmartCond(training, () => new[] { rTrain }, () => new[] { tf.ones_like(rTrain) })[0];
        d = ControlFlowOps.SmartCond(training, () => new[] { dTrain }, () => new[] { tf.zeros_like(dTrain) })[0];

        var updateNewMean = UpdateRenormVariable(RenormMean, mean, training);
        var updateNewStddev = UpdateRenormVariable(RenormStddev, stddev, training);
        // The inference moving averages are updated from the batch moments after the renorm ones.
        Tensor outMean, outVariance;
        using (graph.ControlDependencies(new object[] { updateNewMean, updateNewStddev }))
        {
            outMean = tf.identity(mean, name: "Identity");
            outVariance = tf.identity(variance, name: "Identity");
        }
        return (r, d, outMean, outVariance);
    }

    /// <summary>math_ops.sqrt of a Python float: the constant is made inside the op's own scope ("Sqrt_1/x").</summary>
    private static Tensor SqrtOfNumber(Graph graph, double x)
    {
        using var scope = graph.NameScope("Sqrt");
        var value = tf.constant((float)x, name: "x");
        return graph.NewOperationExact("Sqrt", scope.ScopeName).Input(value).Finish().Output(0);
    }

    /// <summary>-dmax as Python writes it: a negated number, or a Neg op on a tensor.</summary>
    private static object Negate(object value) => value switch
    {
        Tensor t => tf.negative(t, name: "Neg"),
        IConvertible c => -c.ToDouble(null),
        _ => throw new TypeError($"renorm_clipping values must be numbers or scalar tensors, got {value.GetType().Name}."),
    };

    /// <summary>_update_renorm_variable: the moving average with renorm_momentum in training, identity(var) otherwise.</summary>
    private Tensor UpdateRenormVariable(Variable variable, Tensor value, object training)
    {
        value = tf.identity(value, name: "Identity");
        return ControlFlowOps.SmartCond(training,
            () => new[] { AssignMovingAverage(variable, value, _o.RenormMomentum) },
            () => new[] { tf.identity(variable.Snapshot, name: "Identity") })[0];
    }

    /// <summary>
    /// variance_update's renorm branch: moving_stddev follows √(σ² + ε) with momentum, and the moving
    /// variance is assigned relu(stddev² − ε) (relu against rounding below zero).
    /// </summary>
    private Tensor RenormVarianceUpdate(Tensor newVariance)
    {
        var movingStddev = AssignMovingAverage(MovingStddev!, tf.sqrt(newVariance + _o.Epsilon, name: "Sqrt"), _o.Momentum);
        return AssignNewValue(MovingVariance, tf.nn.relu(movingStddev * movingStddev - _o.Epsilon, name: "Relu"));
    }
}
