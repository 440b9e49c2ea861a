namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// moving_averages.assign_moving_average: variable −= (variable − value)·(1 − decay), in an
        /// "AssignMovingAvg" scope. zero_debias (TF's default!) keeps a biased accumulator and a step
        /// counter and assigns biased / (1 − decay^step) instead.
        /// </summary>
        public static Tensor assign_moving_average(Variable variable, object value, object decay, bool zero_debias = true, string? name = null)
        {
            var graph = variable.Graph;
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "AssignMovingAvg");
            var dtype = variable.DType;
            // convert_to_tensor(1.0 - decay, name="decay"): a Const "decay" for a number (1 − decay taken in
            // double, then float32), the Sub "sub" of a tensor decay (so variable − value becomes "sub_1").
            var decayT = decay is Tensor dt
                ? Cast1(1.0 - dt, dtype)
                : constant(TensorValue.From(1.0 - Convert.ToDouble(decay)).CastTo(dtype), name: "decay");
            var valueT = OpHelper.ToTensor(value, dtype);
            using var colocated = graph.colocate_with(variable); // the default strategy's update() colocates with the variable
            if (!zero_debias)
            {
                var delta = (variable.Snapshot - valueT) * decayT;
                return graph.NewOperationExact("AssignSub", scope.ScopeName).Input(variable.Ref).Input(delta).Attr("use_locking", false).Finish().Output(0);
            }
            return ZeroDebias(graph, variable, valueT, decayT, scope);
        }

        /// <summary>tf.train.ExponentialMovingAverage(decay, num_updates, zero_debias, name).</summary>
        public static TfBnPort.Tensorflow.ExponentialMovingAverage ExponentialMovingAverage(object decay, object? num_updates = null,
            bool zero_debias = false, string name = "ExponentialMovingAverage") => new(decay, num_updates, zero_debias, name);

        /// <summary>
        /// moving_averages.weighted_moving_average: moving averages (no zero-debias) of value·weight and of
        /// weight in non-trainable variables "WeightedMovingAvg/value_x_weight" and ".../weight", and their
        /// quotient — the average of value weighted by weight.
        /// </summary>
        public static Tensor weighted_moving_average(Tensor value, object decay, Tensor weight, bool truediv = true,
            IEnumerable<string>? collections = null, string? name = null)
        {
            var graph = value.Graph;
            using var _ = graph.as_default();
            var names = (collections ?? new[] { GraphKeys.GLOBAL_VARIABLES }).ToList();
            using var scope = name is null ? variable_scope_default("WeightedMovingAvg") : variable_scope(name);
            var valueXWeightVar = get_variable("value_x_weight", value.Shape.AsIntArray(), value.DType.BaseType(), zeros_initializer(), trainable: false, collections: names);
            var weightVar = get_variable("weight", weight.Shape.AsIntArray(), weight.DType.BaseType(), zeros_initializer(), trainable: false, collections: names);
            var numerator = assign_moving_average(valueXWeightVar, value * weight, decay, zero_debias: false);
            var denominator = assign_moving_average(weightVar, weight, decay, zero_debias: false);
            // Python names the quotient after the variable scope (name=scope.name), inside its name scope.
            return truediv ? tf.truediv(numerator, denominator, name: scope.Scope.Name)
                : graph.NewOperation(value.DType.IsInteger() ? "FloorDiv" : "RealDiv", "div").Input(numerator).Input(denominator).Finish().Output(0);
        }

        private static Tensor Cast1(Tensor t, DType dtype) => t.DType.BaseType() == dtype ? t : cast(t, dtype);

        /// <summary>
        /// _zero_debias: variables "&lt;var&gt;/biased" and "&lt;var&gt;/local_step" in a variable scope named
        /// after the variable (nested in the current one, hence "BatchNorm/BatchNorm/moving_mean/biased"
        /// under contrib), then, in the AssignMovingAvg scope and in Python's op order: biased −=
        /// (biased − value)·decay, local_step += 1, variable = biased / (1 − (1 − decay)^local_step).
        /// </summary>
        private static Tensor ZeroDebias(Graph graph, Variable unbiased, Tensor value, Tensor decay, NameScope scope)
        {
            Variable biased, localStep;
            using (variable_scope(unbiased.OpName))
            {
                biased = get_variable(UniqueInScope("biased"), unbiased.Shape.AsIntArray(), unbiased.DType, zeros_initializer(), trainable: false);
                localStep = get_variable(UniqueInScope("local_step"), Array.Empty<int>(), unbiased.DType, zeros_initializer(), trainable: false);
            }
            var updateBiased = assign_sub(biased, (biased.Snapshot - value) * decay);
            var updateStep = assign_add(localStep, constant(TensorValue.From(1).CastTo(unbiased.DType), name: "AssignAdd/value"));
            var biasFactor = 1.0 - pow(1.0 - decay, updateStep);
            return graph.NewOperationExact("Assign", scope.ScopeName).Input(unbiased.Ref).Input(updateBiased / biasFactor)
                .Attr("validate_shape", true).Attr("use_locking", true).Finish().Output(0);
        }

        /// <summary>_maybe_get_unique: under reuse the plain name, else name, name_1... not yet a global variable of the current scope.</summary>
        private static string UniqueInScope(string name)
        {
            var scope = get_variable_scope();
            if (scope.IsReuse) return name;
            var taken = global_variables().Select(v => v.OpName).ToHashSet();
            return FreeName.First(name, n => taken.Contains(scope.Name + "/" + n));
        }
    }
}
