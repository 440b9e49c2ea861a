namespace TfBnPort.Tensorflow;

/// <summary>TensorFlow data types (TF_DataType). Reference types are the base type + 100, as in types.proto.</summary>
public enum DType
{
    Invalid = 0, Float = 1, Double = 2, Int32 = 3, UInt8 = 4, Int16 = 5, Int8 = 6, String = 7,
    Int64 = 9, Bool = 10, BFloat16 = 14, Half = 19, Resource = 20,
    FloatRef = 101, DoubleRef = 102, Int32Ref = 103, Int64Ref = 109, BoolRef = 110, BFloat16Ref = 114, HalfRef = 119,
}

public static class DTypeExtensions
{
    public static DType BaseType(this DType t) => (int)t > 100 ? (DType)((int)t - 100) : t;
    public static bool IsRef(this DType t) => (int)t > 100;
    public static DType AsRef(this DType t) => t.IsRef() ? t : (DType)((int)t + 100);
    public static bool IsFloating(this DType t) => t.BaseType() is DType.Float or DType.Double or DType.Half or DType.BFloat16;
    public static bool IsInteger(this DType t) => t.BaseType() is DType.Int32 or DType.Int64 or DType.UInt8 or DType.Int16 or DType.Int8;

    /// <summary>Python's name for the type (float32, int64, ...), as TF error messages spell it.</summary>
    public static string PyName(this DType t) => t.BaseType() switch
    {
        DType.Float => "float32", DType.Double => "float64", DType.Int32 => "int32", DType.UInt8 => "uint8",
        DType.Int16 => "int16", DType.Int8 => "int8", DType.String => "string", DType.Int64 => "int64",
        DType.Bool => "bool", DType.Half => "float16", DType.BFloat16 => "bfloat16", DType.Resource => "resource", _ => t.ToString(),
    } + (t.IsRef() ? "_ref" : "");

    public static int ByteSize(this DType t) => t.BaseType() switch
    {
        DType.Float or DType.Int32 => 4, DType.Double or DType.Int64 => 8, DType.UInt8 or DType.Int8 or DType.Bool => 1,
        DType.Int16 or DType.Half or DType.BFloat16 => 2,
        _ => throw new NotSupportedException($"dtype {t.PyName()} has no fixed element size"),
    };
}
