using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>Small helpers the op builders share: converting arguments to tensors and building one-output ops.</summary>
public static class OpHelper
{
    /// <summary>ops.convert_to_tensor: tensors pass through; numbers, arrays and NDArrays become constants (cast to <paramref name="dtype"/> if given).</summary>
    public static Tensor ToTensor(object value, DType? dtype = null, string name = "Const")
    {
        switch (value)
        {
            case Tensor t:
                if (dtype is { } want && t.DType.BaseType() != want.BaseType())
                    throw new TypeError($"Tensor conversion requested dtype {want.PyName()} for Tensor with dtype {t.DType.PyName()}: '{t.Name}'.");
                return t;
            case IHasTensor h:
                return ToTensor(h.AsTensor(), dtype, name);
            default:
                var tv = TensorValue.From(value);
                if (dtype is { } d && tv.DType != d.BaseType()) tv = tv.CastTo(d);
                return tf.constant(tv, name: name);
        }
    }

    /// <summary>Converts the two operands of a binary op, giving plain numbers the other operand's dtype (as Python does).</summary>
    public static (Tensor, Tensor) ToTensors(object x, object y)
    {
        var dx = (x as Tensor)?.DType ?? (x as IHasTensor)?.AsTensor().DType;
        var dy = (y as Tensor)?.DType ?? (y as IHasTensor)?.AsTensor().DType;
        var tx = ToTensor(x, dx is null ? dy?.BaseType() : null, "x");
        var ty = ToTensor(y, dy is null ? tx.DType.BaseType() : null, "y");
        if (tx.DType.BaseType() != ty.DType.BaseType())
            throw new TypeError($"Input 'y' of a binary op has type {ty.DType.PyName()} that does not match type {tx.DType.PyName()} of argument 'x' ({tx.Name}, {ty.Name}).");
        return (tx, ty);
    }

    public static Graph GraphOf(params object?[] values)
    {
        foreach (var v in values)
        {
            if (v is Tensor t) return t.Graph;
            if (v is IHasTensor h) return h.AsTensor().Graph;
            if (v is IEnumerable<Tensor> ts && ts.FirstOrDefault() is { } first) return first.Graph;
        }
        return DefaultGraph.Get();
    }

    public static Tensor Unary(string type, Tensor x, string? name) =>
        x.Graph.NewOperation(type, name ?? type).Input(x).Finish().Output(0);

    public static Tensor Binary(string type, object x, object y, string? name)
    {
        // As Python's gen ops: the op takes its name scope's name, converted operands live inside it ("add/y").
        var graph = GraphOf(x, y);
        using var _ = graph.as_default();
        using var scope = graph.NameScope(name ?? type);
        var (tx, ty) = ToTensors(x, y);
        return graph.NewOperationExact(type, scope.ScopeName).Input(tx).Input(ty).Finish().Output(0);
    }

    /// <summary>Python's tensor_util.constant_value: the value if known at graph-build time (a Const, or folded by TF_TryEvaluateConstant), else null.</summary>
    public static unsafe TensorValue? ConstantValue(Tensor t)
    {
        if (t.Op.Type == "Const" && t.Op.Attrs.TryGetValue("value", out var v)) return (TensorValue)v;
        if (t.Op.Type is "Placeholder" or "PlaceholderWithDefault" or "VariableV2") return null;
        if (t.Op.Type == "Identity" && t.Op.Inputs.Count == 1) return ConstantValue(t.Op.Inputs[0]);
        using var status = new TfStatus();
        IntPtr result;
        var ok = TfNative.TF_TryEvaluateConstant(t.Graph.Handle.DangerousGetHandle(), t.Output, &result, status.Handle);
        if (status.Code != TF_Code.OK || ok == 0 || result == IntPtr.Zero) return null;
        using var handle = SafeTensorHandle.Own(result);
        return TensorValue.FromNative(result);
    }

    /// <summary>Integer list value of a constant tensor (axes, shapes), or null when not static.</summary>
    public static long[]? ConstantInts(Tensor t)
    {
        var v = ConstantValue(t);
        if (v is null) return null;
        return v.DType switch
        {
            DType.Int32 => v.ToArray<int>().Select(x => (long)x).ToArray(),
            DType.Int64 => v.ToArray<long>(),
            _ => null,
        };
    }
}
