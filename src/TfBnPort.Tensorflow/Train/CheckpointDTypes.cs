namespace TfBnPort.Tensorflow;

/// <summary>
/// TensorFlow 1.15's DataType numbers as a checkpoint may store them (types.proto), with their
/// Python names and element sizes. The project's <see cref="DType"/> names only the types it
/// computes with; an index can hold any of these, and anything else is refused.
/// </summary>
internal static class CheckpointDTypes
{
    // Index = DataType number; element size 0 = not a fixed-size element (string, resource, variant).
    private static readonly (string Name, int Size)[] Known =
    {
        ("invalid", 0), ("float32", 4), ("float64", 8), ("int32", 4), ("uint8", 1), ("int16", 2), ("int8", 1),
        ("string", 0), ("complex64", 8), ("int64", 8), ("bool", 1), ("qint8", 1), ("quint8", 1), ("qint32", 4),
        ("bfloat16", 2), ("qint16", 2), ("quint16", 2), ("uint16", 2), ("complex128", 16), ("float16", 2),
        ("resource", 0), ("variant", 0), ("uint32", 4), ("uint64", 8),
    };

    /// <summary>DT_VARIANT, which <see cref="DType"/> does not name.</summary>
    public const DType Variant = (DType)21;

    public static bool IsKnown(int dtype) => dtype > 0 && dtype < Known.Length;

    /// <summary>"float32", "uint64", "float32_ref"; for a number TensorFlow does not know, "dtype 99".</summary>
    public static string Name(DType dtype)
    {
        var number = (int)dtype;
        if (IsKnown(number)) return Known[number].Name;
        return number > 100 && IsKnown(number - 100) ? Known[number - 100].Name + "_ref" : $"dtype {number}";
    }

    /// <summary>Bytes per element, or 0 where elements have no fixed size (string, resource, variant).</summary>
    public static int ElementSize(DType dtype) => IsKnown((int)dtype) ? Known[(int)dtype].Size : 0;

    /// <summary>The dtypes tf.train.load_variable can return as an NDArray (what TensorValue.ToNDArray converts).</summary>
    public static bool FitsNDArray(DType dtype) =>
        dtype is DType.Float or DType.Double or DType.Int32 or DType.Int64 or DType.UInt8 or DType.Bool or DType.Int16;
}
