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
            var decayT = decay is Tensor dt
                ? Cast1(subtract(constant(TensorValue.From(1.0).CastTo(dt.DType.BaseType()), name: "decay/x"), dt, name: "decay"), dtype)
                : constant(TensorValue.From(1.0 - Convert.ToDouble(decay)).CastTo(dtype), name: "decay");
            var valueT = OpHelper.ToTensor(value, dtype);
            if (!zero_debias)
            {
                var delta = multiply(subtract(variable.Snapshot, valueT, name: "sub"), decayT, name: "mul");
                return graph.NewOperationExact("AssignSub", scope.ScopeName).Input(variable.Ref).Input(delta).Attr("use_locking", false).Finish().Output(0);
            }
            return ZeroDebias(graph, variable, valueT, decayT, scope);
        }

        private static Tensor Cast1(Tensor t, DType dtype) => t.DType.BaseType() == dtype ? t : cast(t, dtype);

        private static Tensor ZeroDebias(Graph graph, Variable unbiased, Tensor value, Tensor decay, NameScope scope)
        {
            Variable biased, localStep;
            using (variable_scope(unbiased.OpName))
            {
                biased = get_variable(UniqueInScope(graph, unbiased.OpName, "biased"), unbiased.Shape.AsIntArray(), unbiased.DType, zeros_initializer(), trainable: false);
                localStep = get_variable(UniqueInScope(graph, unbiased.OpName, "local_step"), Array.Empty<int>(), unbiased.DType, zeros_initializer(), trainable: false);
            }
            var updateBiased = assign_sub(biased, multiply(subtract(biased.Snapshot, value, name: "sub"), decay, name: "mul"));
            var updateStep = assign_add(localStep, constant(TensorValue.From(1).CastTo(unbiased.DType), name: "AssignAdd/value"));
            var one = constant(TensorValue.From(1.0).CastTo(unbiased.DType), name: "sub_1/x");
            var biasFactor = subtract(one, pow(subtract(constant(TensorValue.From(1.0).CastTo(unbiased.DType), name: "sub_2/x"), decay, name: "sub_2"), updateStep, name: "Pow"), name: "sub_1");
            return graph.NewOperationExact("Assign", scope.ScopeName).Input(unbiased.Ref).Input(truediv(updateBiased, biasFactor, name: "truediv"))
                .Attr("validate_shape", true).Attr("use_locking", true).Finish().Output(0);
        }

        private static string UniqueInScope(Graph graph, string scopeName, string name)
        {
            var store = VariableStore.Of(graph);
            if (!store.Variables.ContainsKey($"{scopeName}/{name}")) return name;
            var i = 1;
            while (store.Variables.ContainsKey($"{scopeName}/{name}_{i}")) i++;
            return $"{name}_{i}";
        }
    }
}
