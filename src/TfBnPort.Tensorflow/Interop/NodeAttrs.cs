using Google.Protobuf;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Turns an imported node's attributes into the values OpBuilder records for ops built here (bool, int,
/// float, string, DType, TensorShape, int[], TensorValue...), so gradient functions read both alike.
/// </summary>
internal static class NodeAttrs
{
    /// <summary>The NodeDef TensorFlow holds for a live operation (defaults filled in by the importer).</summary>
    public static NodeDef NodeDefOf(IntPtr oper, string opName) =>
        NodeDef.Parser.ParseFrom(NativeProtoBuffer.Read(
            (buffer, status) => TfNative.TF_OperationToNodeDef(oper, buffer, status.Handle), $"reading NodeDef of '{opName}'"));

    public static Dictionary<string, object> Read(IntPtr oper, NodeDef node)
    {
        var attrs = new Dictionary<string, object>();
        foreach (var (key, value) in node.Attr)
        {
            if (value.ValueCase == AttrValue.ValueOneofCase.Tensor) attrs[key] = ReadTensor(oper, key, node.Name);
            else if (Convert(value) is { } converted) attrs[key] = converted;
        }
        return attrs;
    }

    private static object? Convert(AttrValue value) => value.ValueCase switch
    {
        AttrValue.ValueOneofCase.B => value.B,
        AttrValue.ValueOneofCase.I => value.I is >= int.MinValue and <= int.MaxValue ? (int)value.I : value.I,
        AttrValue.ValueOneofCase.F => value.F,
        AttrValue.ValueOneofCase.S => value.S.ToStringUtf8(),
        AttrValue.ValueOneofCase.Type => (DType)(int)value.Type,
        AttrValue.ValueOneofCase.Shape => ShapeOf(value.Shape),
        AttrValue.ValueOneofCase.List => ConvertList(value.List),
        _ => null, // func / placeholder attrs: nothing here reads them
    };

    private static object ConvertList(AttrValue.Types.ListValue list)
    {
        if (list.I.Count > 0) return list.I.Select(i => (int)i).ToArray();
        if (list.Type.Count > 0) return list.Type.Select(t => (DType)(int)t).ToArray();
        if (list.S.Count > 0) return list.S.Select(s => s.ToStringUtf8()).ToArray();
        if (list.F.Count > 0) return list.F.ToArray();
        if (list.B.Count > 0) return list.B.ToArray();
        if (list.Shape.Count > 0) return list.Shape.Select(ShapeOf).ToArray();
        return Array.Empty<int>(); // an empty list of any kind
    }

    public static TensorShape ShapeOf(TensorShapeProto shape) =>
        shape.UnknownRank ? TensorShape.Unknown : new TensorShape(shape.Dim.Select(d => d.Size).ToArray());

    private static unsafe TensorValue ReadTensor(IntPtr oper, string key, string opName)
    {
        using var status = new TfStatus();
        IntPtr tensor;
        TfNative.TF_OperationGetAttrTensor(oper, key, &tensor, status.Handle);
        status.Check($"reading attribute '{key}' of '{opName}'");
        using var owned = SafeTensorHandle.Own(tensor);
        return TensorValue.FromNative(tensor);
    }
}
