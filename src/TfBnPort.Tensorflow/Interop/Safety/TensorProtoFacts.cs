using System.Buffers.Binary;
using System.Text;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>What a TensorProto or TensorShapeProto declares, read without allocating the tensor.</summary>
internal static class TensorProtoFacts
{
    /// <summary>TensorShape's kMaxDimensions in TF 1.15 (tensor_shape.h): more dims CHECK-fail.</summary>
    public const int MaxDimensions = 254;

    /// <summary>The element count of a fully defined shape; null if a dim is unknown/negative or the product overflows int64.</summary>
    public static long? NumElements(TensorShapeProto? shape)
    {
        if (shape is null) return 1;
        if (shape.UnknownRank) return null;
        long n = 1;
        foreach (var dim in shape.Dim)
        {
            if (dim.Size < 0) return null;
            try { n = checked(n * dim.Size); }
            catch (OverflowException) { return null; }
        }
        return n;
    }

    /// <summary>Bytes per element (1 for strings and other variable-size types: the count is what matters then).</summary>
    public static int ElementSize(DataType dtype) => BaseType(dtype) switch
    {
        DataType.DtDouble or DataType.DtInt64 or DataType.DtUint64 or DataType.DtComplex64 => 8,
        DataType.DtComplex128 => 16,
        DataType.DtFloat or DataType.DtInt32 or DataType.DtUint32 or DataType.DtQint32 => 4,
        DataType.DtHalf or DataType.DtBfloat16 or DataType.DtInt16 or DataType.DtUint16 or DataType.DtQint16 or DataType.DtQuint16 => 2,
        _ => 1,
    };

    /// <summary>Reference dtypes (DT_FLOAT_REF = 101...) are the base type + 100.</summary>
    public static DataType BaseType(DataType dtype) => (int)dtype > 100 ? (DataType)((int)dtype - 100) : dtype;

    /// <summary>True for the enum values TF 1.15's types.proto defines (1..23, and their _REF forms).</summary>
    public static bool IsKnown(DataType dtype) => (int)dtype is >= 1 and <= 23 or >= 101 and <= 123;

    /// <summary>The declared size in bytes, saturating at long.MaxValue (null: shape not fully defined).</summary>
    public static long? DeclaredBytes(TensorShapeProto? shape, DataType dtype) =>
        NumElements(shape) is { } n ? (n > long.MaxValue / ElementSize(dtype) ? long.MaxValue : n * ElementSize(dtype)) : null;

    /// <summary>The integers of an int32/int64 Const (a shape, say); null for other dtypes or malformed content.</summary>
    public static long[]? Integers(TensorProto tensor)
    {
        var dtype = BaseType(tensor.Dtype);
        if (dtype is not (DataType.DtInt32 or DataType.DtInt64)) return null;
        var content = tensor.TensorContent.Span;
        if (content.Length > 0)
        {
            var size = dtype == DataType.DtInt32 ? 4 : 8;
            if (content.Length % size != 0) return null;
            var values = new long[content.Length / size];
            for (var i = 0; i < values.Length; i++)
                values[i] = size == 4 ? BinaryPrimitives.ReadInt32LittleEndian(content[(i * 4)..]) : BinaryPrimitives.ReadInt64LittleEndian(content[(i * 8)..]);
            return values;
        }
        return dtype == DataType.DtInt32 ? tensor.IntVal.Select(v => (long)v).ToArray() : tensor.Int64Val.ToArray();
    }

    /// <summary>The strings of a string Const (UTF-8; invalid bytes become U+FFFD); null for other dtypes.</summary>
    public static string[]? Strings(TensorProto tensor) =>
        BaseType(tensor.Dtype) == DataType.DtString ? tensor.StringVal.Select(s => Encoding.UTF8.GetString(s.Span)).ToArray() : null;
}
