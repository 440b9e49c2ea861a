namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static Tensor reshape(object tensor, object shape, string? name = null)
    {
        var t = OpHelper.ToTensor(tensor);
        using var _ = t.Graph.as_default();
        using var scope = t.Graph.NameScope(name ?? "Reshape");
        var s = OpHelper.ToTensor(shape is int[] ints ? ints : shape, DType.Int32, "shape");
        return t.Graph.NewOperationExact("Reshape", scope.ScopeName).Input(t).Input(s).Finish().Output(0);
    }

    public static Tensor shape(object input, string? name = null, DType out_type = DType.Int32)
    {
        var t = OpHelper.ToTensor(input);
        return t.Graph.NewOperation("Shape", name ?? "Shape").Input(t).Attr("out_type", out_type).Finish().Output(0);
    }

    public static Tensor size(object input, string? name = null)
    {
        var t = OpHelper.ToTensor(input);
        return t.Graph.NewOperation("Size", name ?? "Size").Input(t).Attr("out_type", DType.Int32).Finish().Output(0);
    }

    public static Tensor rank(object input, string? name = null)
    {
        var t = OpHelper.ToTensor(input);
        return t.Graph.NewOperation("Rank", name ?? "Rank").Input(t).Finish().Output(0);
    }

    public static Tensor squeeze(object input, int[]? axis = null, string? name = null)
    {
        var t = OpHelper.ToTensor(input);
        return t.Graph.NewOperation("Squeeze", name ?? "Squeeze").Input(t).Attr("squeeze_dims", axis ?? Array.Empty<int>()).Finish().Output(0);
    }

    public static Tensor expand_dims(object input, int axis, string? name = null)
    {
        var t = OpHelper.ToTensor(input);
        using var _ = t.Graph.as_default();
        return t.Graph.NewOperation("ExpandDims", name ?? "ExpandDims").Input(t).Input(constant(axis, name: "dim")).Finish().Output(0);
    }

    public static Tensor transpose(object a, int[] perm, string? name = null)
    {
        var t = OpHelper.ToTensor(a);
        using var _ = t.Graph.as_default();
        return t.Graph.NewOperation("Transpose", name ?? "transpose").Input(t).Input(constant(perm, name: "perm")).Finish().Output(0);
    }

    public static Tensor concat(IEnumerable<Tensor> values, int axis, string? name = null)
    {
        var list = values.ToArray();
        var graph = list[0].Graph;
        using var _ = graph.as_default();
        return graph.NewOperation("ConcatV2", name ?? "concat").InputList(list).Input(constant(axis, name: "axis")).Finish().Output(0);
    }

    public static Tensor stack(IEnumerable<object> values, int axis = 0, string? name = null)
    {
        var list = values.Select(v => OpHelper.ToTensor(v)).ToArray();
        return list[0].Graph.NewOperation("Pack", name ?? "stack").InputList(list).Attr("axis", axis).Finish().Output(0);
    }

    public static Tensor cast(object x, DType dtype, string? name = null)
    {
        var t = OpHelper.ToTensor(x);
        if (t.DType.BaseType() == dtype.BaseType()) return t;
        return t.Graph.NewOperation("Cast", name ?? "Cast").Input(t).Attr("DstT", dtype).Attr("Truncate", false).Finish().Output(0);
    }

    public static Tensor fill(object dims, object value, string? name = null)
    {
        var d = OpHelper.ToTensor(dims is int[] ints ? ints : dims, DType.Int32, "dims");
        var v = OpHelper.ToTensor(value);
        return d.Graph.NewOperation("Fill", name ?? "Fill").Input(d).Input(v).Finish().Output(0);
    }

    public static Tensor zeros(int[] shape, DType dtype = DType.Float, string? name = null) => Filled(shape, 0, dtype, name ?? "zeros");

    public static Tensor ones(int[] shape, DType dtype = DType.Float, string? name = null) => Filled(shape, 1, dtype, name ?? "ones");

    /// <summary>
    /// array_ops.zeros/ones: one Const below 1,000 elements, else Fill(shape_as_tensor, Const) —
    /// three ops, which matters because the op counter seeds later random ops.
    /// </summary>
    private static Tensor Filled(int[] shape, int value, DType dtype, string name)
    {
        var scalar = TensorValue.From(value).CastTo(dtype);
        if (shape.Aggregate(1L, (a, b) => a * b) < 1000) return constant(scalar, shape: shape, name: name);
        using var scope = name_scope(name);
        var dims = constant(shape, name: "shape_as_tensor");
        var fillValue = constant(scalar, name: "Const");
        return get_default_graph().NewOperationExact("Fill", scope.ScopeName).Input(dims).Input(fillValue).Finish().Output(0);
    }

    /// <summary>tf.zeros for a shape known only at run time (a Shape tensor).</summary>
    public static Tensor zeros(Tensor shape, DType dtype = DType.Float, string? name = null)
    {
        using var scope = name_scope(name ?? "zeros");
        var zero = constant(TensorValue.From(0).CastTo(dtype), name: "Const");
        return shape.Graph.NewOperationExact("Fill", scope.ScopeName).Input(shape).Input(zero).Finish().Output(0);
    }

    public static Tensor zeros_like(object tensor, string? name = null)
    {
        var t = OpHelper.ToTensor(tensor);
        return OpHelper.Unary("ZerosLike", t, name ?? "zeros_like");
    }

    public static Tensor ones_like(object tensor, string? name = null)
    {
        var t = OpHelper.ToTensor(tensor);
        return OpHelper.Unary("OnesLike", t, name ?? "ones_like");
    }

    public static Tensor stop_gradient(object input, string? name = null) =>
        OpHelper.Unary("StopGradient", OpHelper.ToTensor(input), name ?? "StopGradient");

    public static Tensor tile(object input, object multiples, string? name = null)
    {
        var t = OpHelper.ToTensor(input);
        var m = OpHelper.ToTensor(multiples is int[] ints ? ints : multiples, DType.Int32, "multiples");
        return t.Graph.NewOperation("Tile", name ?? "Tile").Input(t).Input(m).Finish().Output(0);
    }

    public static Tensor broadcast_to(object input, object shape, string? name = null)
    {
        var t = OpHelper.ToTensor(input);
        var s = OpHelper.ToTensor(shape is int[] ints ? ints : shape, DType.Int32, "shape");
        return t.Graph.NewOperation("BroadcastTo", name ?? "BroadcastTo").Input(t).Input(s).Finish().Output(0);
    }

    public static Tensor one_hot(object indices, int depth, DType dtype = DType.Float, string? name = null)
    {
        var t = OpHelper.ToTensor(indices);
        using var _ = t.Graph.as_default();
        return t.Graph.NewOperation("OneHot", name ?? "one_hot").Input(t).Input(constant(depth, name: "depth"))
            .Input(constant(TensorValue.From(1).CastTo(dtype), name: "on_value")).Input(constant(TensorValue.From(0).CastTo(dtype), name: "off_value"))
            .Attr("axis", -1).Finish().Output(0);
    }

    /// <summary>tf.where(cond, x, y) / Select.</summary>
    public static Tensor where(Tensor condition, object x, object y, string? name = null)
    {
        var (tx, ty) = OpHelper.ToTensors(x, y);
        return condition.Graph.NewOperation("Select", name ?? "Select").Input(condition).Input(tx).Input(ty).Finish().Output(0);
    }
}
