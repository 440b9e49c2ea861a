namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class contrib
    {
        public static partial class layers
        {
            /// <summary>
            /// tf.contrib.layers.batch_norm (TF 1.15). Defaults: decay 0.999, center, NO scale, epsilon 0.001,
            /// is_training true, updates into UPDATE_OPS, scope "BatchNorm". With fused (default) and
            /// (rank 2, or updates_collections not UPDATE_OPS, or zero-debias) it takes contrib's own fused
            /// path; otherwise it delegates to the core layer with momentum = decay.
            /// updates_collections = null forces the updates to run with the output (control dependencies).
            /// </summary>
            public static Tensor batch_norm(Tensor inputs, double decay = 0.999, bool center = true, bool scale = false, double epsilon = 0.001,
                Func<Tensor, string?, Tensor>? activation_fn = null, object? is_training = null, string? updates_collections = GraphKeys.UPDATE_OPS,
                bool? reuse = null, bool trainable = true, bool? fused = null, bool zero_debias_moving_mean = false, string? scope = null)
            {
                var graph = inputs.Graph;
                using var _ = graph.as_default();
                var training = is_training ?? true;
                var rank = inputs.Shape.Rank;
                var useFused = fused ?? true;
                var possibleToFuse = rank is 2 or 4;
                if (useFused && possibleToFuse && (zero_debias_moving_mean || rank == 2 || updates_collections != GraphKeys.UPDATE_OPS))
                    return ContribFusedBatchNorm.Build(inputs, decay, center, scale, epsilon, activation_fn, training, updates_collections, reuse, trainable, zero_debias_moving_mean, scope);
                if (updates_collections != GraphKeys.UPDATE_OPS || zero_debias_moving_mean)
                    throw new NotSupportedException("contrib batch_norm's legacy non-fused path (fused=False with custom updates_collections or zero-debias) is not ported; use the default fused=None.");
                using var sc = scope is null ? variable_scope_default("BatchNorm", reuse) : variable_scope(scope, reuse);
                var existing = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).ToHashSet();
                var layer = new KerasBatchNorm(graph, inputs, -1, decay, epsilon, center, scale, trainable, fused, null, null, null, null);
                var (outputs, updates) = layer.Call(training);
                // The core layer's updates reach UPDATE_OPS only when it is trainable (Layer.updates is empty otherwise).
                if (trainable)
                    foreach (var u in updates) graph.AddToCollection(GraphKeys.UPDATE_OPS, u);
                // contrib's variable getter (model_variable) files each variable it creates under MODEL_VARIABLES,
                // in creation order: gamma, beta, moving_mean, moving_variance; a reused one stays where it was.
                foreach (var v in new[] { layer.Gamma, layer.Beta, layer.MovingMean, layer.MovingVariance })
                    if (v is not null && !existing.Contains(v)) graph.AddToCollection(GraphKeys.MODEL_VARIABLES, v);
                return activation_fn is null ? outputs : activation_fn(outputs, null);
            }
        }
    }
}

/// <summary>contrib.layers' own _fused_batch_norm (rank 2 reshaped to [-1,1,1,C]).</summary>
internal static class ContribFusedBatchNorm
{
    public static Tensor Build(Tensor inputs, double decay, bool center, bool scale, double epsilon, Func<Tensor, string?, Tensor>? activation,
        object isTraining, string? updatesCollections, bool? reuse, bool trainable, bool zeroDebiasMovingMean, string? scope)
    {
        var graph = inputs.Graph;
        using var sc = scope is null ? tf.variable_scope_default("BatchNorm", reuse) : tf.variable_scope(scope, reuse);
        var originalShape = inputs.Shape;
        var originalInputs = inputs;
        if (!originalShape.IsKnownRank) throw new ValueError($"Inputs {inputs.Name} has undefined rank");
        if (originalShape.Rank is not (2 or 4)) throw new ValueError($"Inputs {inputs.Name} has unsupported rank. Expected 2 or 4 but got {originalShape.Rank}");
        if (originalShape.Rank == 2)
        {
            var channels = originalShape[-1];
            if (channels < 0) throw new ValueError("`C` dimension must be known but is None");
            inputs = tf.reshape(inputs, new[] { -1, 1, 1, (int)channels }, name: "Reshape");
        }
        var c = inputs.Shape[-1];
        if (c < 0) throw new ValueError($"Inputs {inputs.Name} has undefined `C` dimension {inputs.Shape}.");
        var paramShape = new[] { (int)c };
        var modelVars = new[] { GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES };
        // Creation order: beta, gamma, moving_mean, moving_variance (model variables).
        var beta = center ? tf.get_variable("beta", paramShape, DType.Float, tf.zeros_initializer(), trainable, modelVars).Snapshot
                          : tf.constant(0.0f, shape: paramShape, name: "Const");
        var gamma = scale ? tf.get_variable("gamma", paramShape, DType.Float, tf.ones_initializer(), trainable, modelVars).Snapshot
                          : tf.constant(1.0f, shape: paramShape, name: "Const");
        var movingMean = tf.get_variable("moving_mean", paramShape, DType.Float, tf.zeros_initializer(), false, modelVars);
        var movingVariance = tf.get_variable("moving_variance", paramShape, DType.Float, tf.ones_initializer(), false, modelVars);

        var results = ControlFlowOps.SmartCond(isTraining,
            () => { var r = tf.nn.fused_batch_norm(inputs, gamma, beta, epsilon: epsilon); return new[] { r.Y, r.Mean, r.Variance }; },
            () => { var r = tf.nn.fused_batch_norm(inputs, gamma, beta, movingMean.Snapshot, movingVariance.Snapshot, epsilon, is_training: false); return new[] { r.Y, r.Mean, r.Variance }; });
        var (outputs, mean, variance) = (results[0], results[1], results[2]);
        var trainingValue = ControlFlowOps.ConstantBool(isTraining);
        if (trainingValue != false)
        {
            Tensor[] Updates() => new[]
            {
                tf.train.assign_moving_average(movingMean, mean, decay, zero_debias: zeroDebiasMovingMean),
                tf.train.assign_moving_average(movingVariance, variance, decay, zero_debias: false),
            };
            if (updatesCollections is null)
            {
                var captured = outputs;
                outputs = ControlFlowOps.SmartCond(isTraining,
                    () =>
                    {
                        var u = Updates();
                        using (graph.ControlDependencies(u)) return new[] { tf.identity(captured, "Identity") };
                    },
                    () => new[] { captured })[0];
            }
            else
            {
                var updated = ControlFlowOps.SmartCond(isTraining, Updates, () => new[] { movingMean.Snapshot, movingVariance.Snapshot });
                graph.AddToCollection(updatesCollections, updated[0]);
                graph.AddToCollection(updatesCollections, updated[1]);
            }
        }
        outputs.SetShape(inputs.Shape);
        if (originalShape.Rank == 2) outputs = tf.reshape(outputs, tf.shape(originalInputs, name: "Shape"), name: "Reshape_1");
        return activation is null ? outputs : activation(outputs, null);
    }
}
