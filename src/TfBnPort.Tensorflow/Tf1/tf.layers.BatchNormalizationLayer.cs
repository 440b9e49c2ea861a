namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class layers
    {
        /// <summary>
        /// tf.layers.BatchNormalization (TF 1.15): the batch-norm layer object. Built on the first
        /// <see cref="apply"/> in its variable scope ("batch_normalization", made unique, or
        /// <c>name</c>; with <c>reuse</c> the existing variables of that exact scope); later applies
        /// reuse its variables and its name scope. Each apply files the layer's
        /// <see cref="updates"/> under UPDATE_OPS and regularization <see cref="losses"/> under
        /// REGULARIZATION_LOSSES. Arguments and their defaults are TF's.
        /// </summary>
        public sealed class BatchNormalization
        {
            private readonly KerasBatchNorm _layer;
            private readonly string? _name;
            private readonly bool? _reuse;
            private VariableScope? _scope;
            private readonly List<object> _updates = new();

            /// <summary>
            /// TF's arguments: <c>axis</c> an int or int[] (-1 the last); <c>renorm_clipping</c> maps "rmax",
            /// "rmin", "dmax" to a number or scalar tensor (batch renorm's r ∈ [rmin, rmax], d ∈ [−dmax, dmax]);
            /// <c>fused</c> null or true means FusedBatchNormV3 when possible (rank 4, axis 1 or 3, no renorm,
            /// virtual batch or adjustment), false never; <c>virtual_batch_size</c> normalizes sub-batches of
            /// that size separately (ghost batch norm; it must divide the batch); <c>adjustment</c> takes the
            /// input's dynamic shape and returns (scale, bias) applied to the normalized values in training.
            /// </summary>
            public BatchNormalization(BatchNormAxis axis = default, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
                IInitializer? beta_initializer = null, IInitializer? gamma_initializer = null,
                IInitializer? moving_mean_initializer = null, IInitializer? moving_variance_initializer = null,
                Func<Tensor, Tensor>? beta_regularizer = null, Func<Tensor, Tensor>? gamma_regularizer = null,
                Func<Tensor, Tensor>? beta_constraint = null, Func<Tensor, Tensor>? gamma_constraint = null,
                bool renorm = false, IReadOnlyDictionary<string, object>? renorm_clipping = null, double renorm_momentum = 0.99,
                bool? fused = null, bool trainable = true, int? virtual_batch_size = null,
                Func<Tensor, (Tensor Scale, Tensor Bias)>? adjustment = null, string? name = null, bool? reuse = null)
            {
                _layer = new KerasBatchNorm(new BatchNormOptions
                {
                    Axis = axis, Momentum = momentum, Epsilon = epsilon, Center = center, Scale = scale,
                    BetaInitializer = beta_initializer, GammaInitializer = gamma_initializer,
                    MovingMeanInitializer = moving_mean_initializer, MovingVarianceInitializer = moving_variance_initializer,
                    BetaRegularizer = beta_regularizer, GammaRegularizer = gamma_regularizer,
                    BetaConstraint = beta_constraint, GammaConstraint = gamma_constraint,
                    Renorm = renorm, RenormClipping = renorm_clipping, RenormMomentum = renorm_momentum,
                    Fused = fused, Trainable = trainable, VirtualBatchSize = virtual_batch_size, Adjustment = adjustment,
                });
                _name = name;
                _reuse = reuse;
            }

            /// <summary>
            /// Normalizes <paramref name="inputs"/>; <paramref name="training"/> is a bool or a bool tensor
            /// (default false, as TF's tf.layers call). Builds the variables on the first call.
            /// </summary>
            public Tensor apply(Tensor inputs, object? training = null)
            {
                ArgumentNullException.ThrowIfNull(inputs);
                var graph = inputs.Graph;
                using var _ = graph.as_default();
                // First call: capture the scope (unique default name, or the exact name under reuse);
                // later calls re-enter it with reuse and its original name scope.
                using var scope = _scope is null ? LayerScope.Enter(_name, "batch_normalization", _reuse) : variable_scope(_scope, reuse: true);
                _scope ??= get_variable_scope();
                if (!_layer.Built) _layer.Build(inputs);
                var (outputs, updates) = _layer.Call(inputs, training ?? false);
                _updates.AddRange(updates);
                var collection = graph.GetCollection(GraphKeys.UPDATE_OPS);
                foreach (var update in this.updates)
                    if (!collection.Contains(update)) graph.AddToCollection(GraphKeys.UPDATE_OPS, update);
                return outputs;
            }

            /// <summary>The layer's scope name once built ("batch_normalization_1"), else the name it was given.</summary>
            public string name => _scope?.Name ?? _name ?? "batch_normalization";
            public bool trainable => _layer.Options.Trainable;
            public bool built => _layer.Built;

            /// <summary>Whether the built layer uses FusedBatchNormV3 (null before the first apply).</summary>
            public bool? fused => _layer.Built ? _layer.Fused : _layer.Options.Fused;

            public Variable? gamma => _layer.Gamma;
            public Variable? beta => _layer.Beta;
            public Variable? moving_mean => _layer.Built ? _layer.MovingMean : null;
            public Variable? moving_variance => _layer.Built ? _layer.MovingVariance : null;
            public Variable? moving_stddev => _layer.MovingStddev;
            public Variable? renorm_mean => _layer.RenormMean;
            public Variable? renorm_stddev => _layer.RenormStddev;
            public Func<Tensor, Tensor>? gamma_constraint => _layer.Options.GammaConstraint;
            public Func<Tensor, Tensor>? beta_constraint => _layer.Options.BetaConstraint;

            /// <summary>TF's private _bessels_correction_test_only (default true); false removes the fused kernel's Bessel correction from the moving variance.</summary>
            public bool bessels_correction_test_only
            {
                get => _layer.BesselsCorrectionTestOnly;
                set => _layer.BesselsCorrectionTestOnly = value;
            }

            /// <summary>The update Operations of every call so far; none for a non-trainable layer (keras Layer.updates).</summary>
            public IReadOnlyList<object> updates => trainable ? _updates : Array.Empty<object>();

            /// <summary>gamma and beta (when the layer is trainable and they were created trainable).</summary>
            public IReadOnlyList<Variable> trainable_variables => trainable ? _layer.Weights.Where(v => v.Trainable).ToList() : Array.Empty<Variable>();

            public IReadOnlyList<Variable> non_trainable_variables => trainable ? _layer.Weights.Where(v => !v.Trainable).ToList() : _layer.Weights;

            /// <summary>trainable_variables then non_trainable_variables (keras' weights order).</summary>
            public IReadOnlyList<Variable> variables => trainable_variables.Concat(non_trainable_variables).ToList();

            /// <summary>The regularization losses of gamma and beta.</summary>
            public IReadOnlyList<Tensor> losses => _layer.Losses;
        }
    }
}
