using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// TensorProto and TensorShapeProto from and to the binding's values, as tensor_util.make_tensor_proto
/// and MakeNdarray do: numeric tensors travel as raw little-endian bytes in tensor_content, strings in
/// string_val; reading also accepts the typed *_val fields (one value means "fill the shape with it").
/// </summary>
public static class TensorProtos
{
    public static DataType ToProto(this DType dtype) => (DataType)(int)dtype;
    public static DType FromProto(DataType dtype) => (DType)(int)dtype;

    public static TensorShapeProto ToProto(this TensorShape shape)
    {
        var proto = new TensorShapeProto();
        if (shape.Dims is null) proto.UnknownRank = true;
        else foreach (var d in shape.Dims) proto.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        return proto;
    }

    public static TensorShape FromProto(TensorShapeProto? proto) =>
        proto is null || proto.UnknownRank ? TensorShape.Unknown : new TensorShape(proto.Dim.Select(d => d.Size).ToArray());

    /// <summary>make_tensor_proto(value): dtype, shape, and the data.</summary>
    public static TensorProto ToProto(this TensorValue value)
    {
        var proto = new TensorProto { Dtype = value.DType.BaseType().ToProto(), TensorShape = new TensorShape(value.Shape).ToProto() };
        if (value.DType.BaseType() == DType.String)
            foreach (var s in value.Strings!) proto.StringVal.Add(ByteString.CopyFrom(s));
        else
            proto.TensorContent = ByteString.CopyFrom(value.Data);
        return proto;
    }

    /// <summary>MakeNdarray(proto): the value a Const with this tensor produces.</summary>
    public static TensorValue FromProto(TensorProto proto)
    {
        var dtype = FromProto(proto.Dtype);
        var shape = FromProto(proto.TensorShape).Dims ?? throw new ValueError("A TensorProto must have a known shape.");
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (dtype == DType.String)
        {
            var strings = Fill(proto.StringVal.Select(s => s.ToByteArray()).ToArray(), count, []);
            return new TensorValue(DType.String, shape, [], strings);
        }
        var size = dtype.ByteSize();
        if (!proto.TensorContent.IsEmpty)
        {
            if (proto.TensorContent.Length != count * size)
                throw new ValueError($"A TensorProto of dtype {dtype.PyName()} and shape {new TensorShape(shape)} holds {proto.TensorContent.Length} bytes, not {count * size}.");
            return new TensorValue(dtype, shape, proto.TensorContent.ToByteArray());
        }
        byte[] bytes = dtype switch
        {
            DType.Float => Bytes(Fill(proto.FloatVal.ToArray(), count, 0f)),
            DType.Double => Bytes(Fill(proto.DoubleVal.ToArray(), count, 0d)),
            DType.Int64 => Bytes(Fill(proto.Int64Val.ToArray(), count, 0L)),
            DType.Bool => Bytes(Fill(proto.BoolVal.ToArray(), count, false)),
            DType.Int32 => Bytes(Fill(proto.IntVal.ToArray(), count, 0)),
            DType.Int16 => Bytes(Fill(proto.IntVal.Select(v => (short)v).ToArray(), count, (short)0)),
            DType.Int8 => Bytes(Fill(proto.IntVal.Select(v => (sbyte)v).ToArray(), count, (sbyte)0)),
            DType.UInt8 => Bytes(Fill(proto.IntVal.Select(v => (byte)v).ToArray(), count, (byte)0)),
            DType.Half => Bytes(Fill(proto.HalfVal.Select(v => (ushort)v).ToArray(), count, (ushort)0)),
            _ => throw new TypeError($"Reading a TensorProto of dtype {proto.Dtype} is not supported."),
        };
        return new TensorValue(dtype, shape, bytes);
    }

    /// <summary>TF's rule for short value lists: the last value repeats to fill the shape (none: zeros).</summary>
    private static T[] Fill<T>(T[] values, long count, T zero)
    {
        if (values.Length == count) return values;
        if (values.Length > count) throw new ValueError($"A TensorProto holds {values.Length} values for {count} elements.");
        var filled = new T[count];
        var last = values.Length == 0 ? zero : values[^1];
        for (var i = 0; i < count; i++) filled[i] = i < values.Length ? values[i] : last;
        return filled;
    }

    private static byte[] Bytes<T>(T[] values) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
