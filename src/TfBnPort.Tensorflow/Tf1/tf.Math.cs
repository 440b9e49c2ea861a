namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static Tensor add(object x, object y, string? name = null) => OpHelper.Binary("Add", x, y, name);
    public static Tensor subtract(object x, object y, string? name = null) => OpHelper.Binary("Sub", x, y, name);
    public static Tensor multiply(object x, object y, string? name = null) => OpHelper.Binary("Mul", x, y, name);
    public static Tensor divide(object x, object y, string? name = null) => OpHelper.Binary("RealDiv", x, y, name ?? "truediv");
    public static Tensor truediv(object x, object y, string? name = null) => OpHelper.Binary("RealDiv", x, y, name ?? "truediv");
    public static Tensor maximum(object x, object y, string? name = null) => OpHelper.Binary("Maximum", x, y, name);
    public static Tensor minimum(object x, object y, string? name = null) => OpHelper.Binary("Minimum", x, y, name);
    public static Tensor pow(object x, object y, string? name = null) => OpHelper.Binary("Pow", x, y, name);
    public static Tensor squared_difference(object x, object y, string? name = null) => OpHelper.Binary("SquaredDifference", x, y, name);
    public static Tensor equal(object x, object y, string? name = null) => OpHelper.Binary("Equal", x, y, name);
    public static Tensor not_equal(object x, object y, string? name = null) => OpHelper.Binary("NotEqual", x, y, name);
    public static Tensor greater(object x, object y, string? name = null) => OpHelper.Binary("Greater", x, y, name);
    public static Tensor greater_equal(object x, object y, string? name = null) => OpHelper.Binary("GreaterEqual", x, y, name);
    public static Tensor less(object x, object y, string? name = null) => OpHelper.Binary("Less", x, y, name);
    public static Tensor logical_and(object x, object y, string? name = null) => OpHelper.Binary("LogicalAnd", x, y, name);

    public static Tensor negative(object x, string? name = null) => OpHelper.Unary("Neg", OpHelper.ToTensor(x), name);
    public static Tensor square(object x, string? name = null) => OpHelper.Unary("Square", OpHelper.ToTensor(x), name);
    public static Tensor sqrt(object x, string? name = null) => OpHelper.Unary("Sqrt", OpHelper.ToTensor(x), name);
    public static Tensor rsqrt(object x, string? name = null) => OpHelper.Unary("Rsqrt", OpHelper.ToTensor(x), name);
    public static Tensor exp(object x, string? name = null) => OpHelper.Unary("Exp", OpHelper.ToTensor(x), name);
    public static Tensor log(object x, string? name = null) => OpHelper.Unary("Log", OpHelper.ToTensor(x), name);
    public static Tensor log1p(object x, string? name = null) => OpHelper.Unary("Log1p", OpHelper.ToTensor(x), name);
    public static Tensor abs(object x, string? name = null) => OpHelper.Unary("Abs", OpHelper.ToTensor(x), name);
    public static Tensor floor(object x, string? name = null) => OpHelper.Unary("Floor", OpHelper.ToTensor(x), name);
    public static Tensor sign(object x, string? name = null) => OpHelper.Unary("Sign", OpHelper.ToTensor(x), name);
    public static Tensor reciprocal(object x, string? name = null) => OpHelper.Unary("Reciprocal", OpHelper.ToTensor(x), name);
    public static Tensor tanh(object x, string? name = null) => OpHelper.Unary("Tanh", OpHelper.ToTensor(x), name);
    public static Tensor sigmoid(object x, string? name = null) => OpHelper.Unary("Sigmoid", OpHelper.ToTensor(x), name);

    public static Tensor matmul(object a, object b, bool transpose_a = false, bool transpose_b = false, string? name = null)
    {
        var graph = OpHelper.GraphOf(a, b);
        using var _ = graph.as_default();
        var (ta, tb) = OpHelper.ToTensors(a, b);
        return graph.NewOperation("MatMul", name ?? "MatMul").Input(ta).Input(tb)
            .Attr("transpose_a", transpose_a).Attr("transpose_b", transpose_b).Finish().Output(0);
    }

    public static Tensor add_n(IEnumerable<Tensor> inputs, string? name = null)
    {
        var list = inputs.ToArray();
        if (list.Length == 1) return list[0];
        return list[0].Graph.NewOperation("AddN", name ?? "AddN").InputList(list).Finish().Output(0);
    }

    public static Tensor clip_by_value(object t, object clip_value_min, object clip_value_max, string? name = null)
    {
        var x = OpHelper.ToTensor(t);
        using var _ = x.Graph.as_default();
        using var scope = name_scope(name ?? "clip_by_value");
        // TF 1.15: minimum then maximum (both differentiable), as clip_ops.clip_by_value builds it.
        var lo = OpHelper.ToTensor(clip_value_min, x.DType.BaseType(), "clip_value_min");
        var hi = OpHelper.ToTensor(clip_value_max, x.DType.BaseType(), "clip_value_max");
        var tMin = minimum(x, hi, name: "Minimum");
        return x.Graph.NewOperationExact("Maximum", scope.ScopeName).Input(tMin).Input(lo).Finish().Output(0);
    }

    // ---------- reductions ----------

    public static Tensor reduce_sum(object input_tensor, object? axis = null, bool keepdims = false, string? name = null) =>
        Reduce("Sum", input_tensor, axis, keepdims, name);

    public static Tensor reduce_mean(object input_tensor, object? axis = null, bool keepdims = false, string? name = null) =>
        Reduce("Mean", input_tensor, axis, keepdims, name);

    public static Tensor reduce_max(object input_tensor, object? axis = null, bool keepdims = false, string? name = null) =>
        Reduce("Max", input_tensor, axis, keepdims, name);

    private static Tensor Reduce(string type, object input, object? axis, bool keepdims, string? name)
    {
        var x = OpHelper.ToTensor(input);
        using var _ = x.Graph.as_default();
        Tensor axes;
        if (axis is null)
        {
            // All axes: static range when the rank is known (as Python's _ReductionDims), else Range(0, Rank).
            axes = x.Shape.IsKnownRank
                ? constant(Enumerable.Range(0, x.Shape.Rank).ToArray(), name: "Const")
                : x.Graph.NewOperation("Range", "range").Input(constant(0, name: "range/start")).Input(rank(x)).Input(constant(1, name: "range/delta")).Finish().Output(0);
        }
        else
        {
            // A given axis is converted inside the op's own name scope: "Sum/reduction_indices", as in Python.
            using var scope = x.Graph.NameScope(name ?? type);
            axes = axis switch
            {
                int i => constant(i, name: "reduction_indices"),
                int[] ints => constant(ints, name: "reduction_indices"),
                _ => OpHelper.ToTensor(axis, DType.Int32, "reduction_indices"),
            };
            return x.Graph.NewOperationExact(type, scope.ScopeName).Input(x).Input(axes).Attr("keep_dims", keepdims).Finish().Output(0);
        }
        return x.Graph.NewOperation(type, name ?? type).Input(x).Input(axes).Attr("keep_dims", keepdims).Finish().Output(0);
    }

    public static Tensor argmax(object input, int axis, string? name = null, DType output_type = DType.Int64)
    {
        var x = OpHelper.ToTensor(input);
        using var _ = x.Graph.as_default();
        return x.Graph.NewOperation("ArgMax", name ?? "ArgMax").Input(x).Input(constant(axis, name: "dimension"))
            .Attr("output_type", output_type).Finish().Output(0);
    }
}
