namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class layers
    {
        /// <summary>
        /// tf.layers.batch_normalization (TF 1.15's keras BatchNormalization under tf.layers).
        /// Variables gamma, beta, moving_mean, moving_variance under "batch_normalization" (made
        /// unique) or <paramref name="name"/>. Rank-4 NHWC input: FusedBatchNormV3; otherwise the
        /// moments path. <paramref name="training"/> is a bool or a bool tensor (then a real tf.cond).
        /// Updates (AssignSub by (var − value)·(1 − momentum), no debias) go to UPDATE_OPS.
        /// </summary>
        public static Tensor batch_normalization(Tensor inputs, int axis = -1, double momentum = 0.99, double epsilon = 1e-3,
            bool center = true, bool scale = true, IInitializer? beta_initializer = null, IInitializer? gamma_initializer = null,
            IInitializer? moving_mean_initializer = null, IInitializer? moving_variance_initializer = null,
            object? training = null, bool trainable = true, string? name = null, bool? reuse = null, bool? fused = null)
        {
            var graph = inputs.Graph;
            using var _ = graph.as_default();
            using var scope = LayerScope.Enter(name, "batch_normalization", reuse);
            var layer = new KerasBatchNorm(graph, inputs, axis, momentum, epsilon, center, scale, trainable, fused,
                beta_initializer, gamma_initializer, moving_mean_initializer, moving_variance_initializer);
            var (outputs, updates) = layer.Call(training ?? false);
            if (trainable)
                foreach (var update in updates) graph.AddToCollection(GraphKeys.UPDATE_OPS, update);
            return outputs;
        }
    }
}

/// <summary>The keras BatchNormalization (V1) build and call logic of TF 1.15, for one call.</summary>
internal sealed class KerasBatchNorm
{
    private readonly Graph _graph;
    private readonly Tensor _inputs;
    private readonly double _momentum, _epsilon;
    private readonly int _axis;
    private readonly Tensor? _gammaConst, _betaConst;

    public KerasBatchNorm(Graph graph, Tensor inputs, int axis, double momentum, double epsilon, bool center, bool scale, bool trainable, bool? fused,
        IInitializer? betaInit, IInitializer? gammaInit, IInitializer? movingMeanInit, IInitializer? movingVarInit)
    {
        _graph = graph;
        _inputs = inputs;
        _momentum = momentum;
        _epsilon = epsilon;
        var shape = inputs.Shape;
        if (!shape.IsKnownRank) throw new ValueError($"Input has undefined rank: {inputs.Name}.");
        var rank = shape.Rank;
        _axis = axis < 0 ? axis + rank : axis;
        if (_axis < 0 || _axis >= rank) throw new ValueError($"Invalid axis: {axis} for input of rank {rank} ({inputs.Name}).");
        var dim = shape[_axis];
        if (dim < 0) throw new ValueError($"Input has undefined `axis` dimension. Input shape: {shape} ({inputs.Name}).");
        if (_axis != rank - 1) throw new NotSupportedException("tf.layers.batch_normalization is ported for the channel-last axis (axis=-1), as the seeds use it.");
        // V1 layers: fused defaults to True and is then kept only for rank-4 input on the channel axis.
        Fused = (fused ?? true) && rank == 4;
        var paramShape = new[] { (int)dim };
        var dtype = DType.Float;
        // Creation order (drives random seeds): gamma, beta, moving_mean, moving_variance. Without
        // scale/center the fused path's constant 1/0 is made in build, in the variable's place.
        Gamma = scale ? tf.get_variable("gamma", paramShape, dtype, gammaInit ?? tf.ones_initializer(), trainable) : null;
        if (!scale && Fused) _gammaConst = tf.constant(1.0f, shape: paramShape, name: "Const");
        Beta = center ? tf.get_variable("beta", paramShape, dtype, betaInit ?? tf.zeros_initializer(), trainable) : null;
        if (!center && Fused) _betaConst = tf.constant(0.0f, shape: paramShape, name: "Const");
        MovingMean = tf.get_variable("moving_mean", paramShape, dtype, movingMeanInit ?? tf.zeros_initializer(), trainable: false);
        MovingVariance = tf.get_variable("moving_variance", paramShape, dtype, movingVarInit ?? tf.ones_initializer(), trainable: false);
    }

    public bool Fused { get; }
    public Variable? Gamma { get; }
    public Variable? Beta { get; }
    public Variable MovingMean { get; }
    public Variable MovingVariance { get; }

    public (Tensor Outputs, List<object> Updates) Call(object training) => Fused ? FusedCall(training) : NonFusedCall(training);

    private (Tensor, List<object>) NonFusedCall(object training)
    {
        var updates = new List<object>();
        var trainingValue = ControlFlowOps.ConstantBool(training);
        Tensor mean, variance;
        if (trainingValue == false)
        {
            mean = MovingMean.Snapshot;
            variance = MovingVariance.Snapshot;
        }
        else
        {
            var reductionAxes = Enumerable.Range(0, _inputs.Shape.Rank).Where(i => i != _axis).ToArray();
            var (batchMean, batchVar) = tf.nn.moments(_inputs, reductionAxes);
            mean = ControlFlowOps.SmartCond(training, () => new[] { batchMean }, () => new[] { MovingMean.Snapshot })[0];
            variance = ControlFlowOps.SmartCond(training, () => new[] { batchVar }, () => new[] { MovingVariance.Snapshot })[0];
            var newMean = mean;
            var newVariance = variance;
            // keras non-fused: 1 − momentum is computed in double, then a float32 Const.
            updates.Add(UpdateOp(ControlFlowOps.SmartCond(training,
                () => new[] { AssignMovingAverage(MovingMean, newMean, null) }, () => new[] { MovingMean.Snapshot })[0]));
            updates.Add(UpdateOp(ControlFlowOps.SmartCond(training,
                () => new[] { AssignMovingAverage(MovingVariance, newVariance, null) }, () => new[] { MovingVariance.Snapshot })[0]));
        }
        var outputs = tf.nn.batch_normalization(_inputs, mean, variance, Beta?.Snapshot, Gamma?.Snapshot, _epsilon);
        outputs.SetShape(_inputs.Shape);
        return (outputs, updates);
    }

    private (Tensor, List<object>) FusedCall(object training)
    {
        var updates = new List<object>();
        var beta = Beta?.Snapshot ?? _betaConst!;
        var gamma = Gamma?.Snapshot ?? _gammaConst!;
        var results = ControlFlowOps.SmartCond(training,
            () =>
            {
                var r = tf.nn.fused_batch_norm(_inputs, gamma, beta, epsilon: _epsilon);
                return new[] { r.Y, r.Mean, r.Variance };
            },
            () =>
            {
                var r = tf.nn.fused_batch_norm(_inputs, gamma, beta, MovingMean.Snapshot, MovingVariance.Snapshot, _epsilon, is_training: false);
                // Deliberate deviation from TF 1.15: Python returns r.Mean and r.Variance here, but the CPU
                // kernel never writes them when is_training=False (uninitialized memory). With a training
                // tensor, an inference run of UPDATE_OPS computes var −= (var − garbage)·(1 − 1.0), which is
                // exactly var unless the garbage is NaN/Inf, and then NaN. Returning the moving statistics
                // gives TF's intended "moves nothing" always; they already enter this branch through its
                // Switch, so no op is added (op counts, and with them random seeds, stay TF's).
                return new[] { r.Y, MovingMean.Snapshot, MovingVariance.Snapshot };
            });
        var (output, mean, variance) = (results[0], results[1], results[2]);
        // _bessels_correction_test_only is true: the kernel's Bessel-corrected variance feeds the update as is.
        var trainingValue = ControlFlowOps.ConstantBool(training);
        Tensor momentum = trainingValue is null
            ? ControlFlowOps.SmartCond(training, () => new[] { tf.constant((float)_momentum, name: "Const") }, () => new[] { tf.constant(1.0f, name: "Const") })[0]
            : tf.constant((float)_momentum, name: "Const");
        if (trainingValue != false)
        {
            updates.Add(UpdateOp(AssignMovingAverage(MovingMean, mean, momentum)));
            updates.Add(UpdateOp(AssignMovingAverage(MovingVariance, variance, momentum)));
        }
        return (output, updates);
    }

    private static object UpdateOp(Tensor update) => update.Op;

    /// <summary>
    /// keras _assign_moving_average: var −= (var − value)·decay in an "AssignMovingAvg" scope, decay
    /// = convert_to_tensor(1.0 − momentum, name="decay"): a Const "decay" for a float momentum, the
    /// float32 Sub "sub" (its 1.0 is "sub/x") for a tensor one, so var − value becomes "sub_1".
    /// </summary>
    private Tensor AssignMovingAverage(Variable variable, Tensor value, Tensor? momentum)
    {
        using var scope = _graph.NameScope("AssignMovingAvg");
        using var colocated = _graph.colocate_with(variable);
        var decay = momentum is null
            ? tf.constant((float)(1.0 - _momentum), name: "decay")
            : 1.0 - momentum;
        var delta = (variable.Snapshot - value) * decay;
        return _graph.NewOperationExact("AssignSub", scope.ScopeName).Input(variable.Ref).Input(delta).Attr("use_locking", false).Finish().Output(0);
    }
}
