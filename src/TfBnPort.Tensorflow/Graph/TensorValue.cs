using System.Runtime.InteropServices;
using System.Text;
using NumSharp;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>
/// A concrete tensor on the host: dtype, shape and a C-order byte copy of the elements (or
/// strings). The bridge between NDArray / C# arrays / scalars and native TF_Tensors.
/// </summary>
public sealed class TensorValue
{
    private byte[]? _data;

    // A plain (unsliced, C-contiguous) NDArray is not copied into Data: ToNative copies its memory
    // straight into the TF_Tensor, saving one copy of every fed batch.
    private readonly NDArray? _source;

    public DType DType { get; }
    public long[] Shape { get; }
    public byte[] Data => _data ??= _source!.tobytes();
    public byte[][]? Strings { get; }

    public TensorValue(DType dtype, long[] shape, byte[] data, byte[][]? strings = null)
    {
        DType = dtype.BaseType();
        Shape = shape;
        _data = data;
        Strings = strings;
    }

    private TensorValue(DType dtype, long[] shape, NDArray source)
    {
        DType = dtype;
        Shape = shape;
        _source = source;
    }

    public long Size => Shape.Aggregate(1L, (a, b) => a * b);
    public string ShapeString => new TensorShape(Shape).ToString();

    // ---------- from .NET values ----------

    /// <summary>Converts an NDArray, a (multi-dimensional) C# array, a scalar, a string or a TensorValue.</summary>
    public static TensorValue From(object value) => value switch
    {
        TensorValue tv => tv,
        NDArray nd => FromNDArray(nd),
        string s => FromStrings(new[] { s }, Array.Empty<long>()),
        string[] ss => FromStrings(ss, new long[] { ss.Length }),
        Array a => FromArray(a),
        float f => Scalar(DType.Float, BitConverter.GetBytes(f)),
        double d => Scalar(DType.Double, BitConverter.GetBytes(d)),
        int i => Scalar(DType.Int32, BitConverter.GetBytes(i)),
        long l => Scalar(DType.Int64, BitConverter.GetBytes(l)),
        bool b => Scalar(DType.Bool, new[] { (byte)(b ? 1 : 0) }),
        byte u => Scalar(DType.UInt8, new[] { u }),
        Half h => Scalar(DType.Half, BitConverter.GetBytes(h)),
        _ => throw new TypeError($"Cannot convert a value of type {value.GetType().Name} to a tensor (use an NDArray, an array, a number, a bool or a string)."),
    };

    private static TensorValue Scalar(DType t, byte[] bytes) => new(t, Array.Empty<long>(), bytes);

    public static TensorValue FromNDArray(NDArray nd)
    {
        var dtype = DTypeOf(nd.dtype);
        var shape = nd.shape.Select(d => (long)d).ToArray();
        return nd.Shape.IsContiguous && !nd.Shape.IsSliced && dtype != DType.Bool
            ? new TensorValue(dtype, shape, nd)
            : new TensorValue(dtype, shape, nd.tobytes());
    }

    public static TensorValue FromArray(Array a)
    {
        var elementType = a.GetType().GetElementType()!;
        if (elementType.IsArray)
            throw new TypeError("Jagged arrays are not supported as tensor values; use a rectangular array (T[,]) or an NDArray.");
        var dtype = DTypeOf(elementType);
        var shape = Enumerable.Range(0, a.Rank).Select(i => (long)a.GetLength(i)).ToArray();
        var bytes = new byte[a.Length * dtype.ByteSize()];
        if (elementType == typeof(bool))
        {
            var i = 0;
            foreach (bool b in a) bytes[i++] = (byte)(b ? 1 : 0);
        }
        else if (elementType == typeof(Half))
        {
            // Half is not a primitive type, so Buffer.BlockCopy refuses it.
            var i = 0;
            foreach (Half h in a) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i++), h);
        }
        else Buffer.BlockCopy(a, 0, bytes, 0, bytes.Length);
        return new TensorValue(dtype, shape, bytes);
    }

    public static TensorValue FromStrings(IReadOnlyList<string> values, long[] shape) =>
        new(DType.String, shape, Array.Empty<byte>(), values.Select(Encoding.UTF8.GetBytes).ToArray());

    public static DType DTypeOf(Type t) =>
        t == typeof(float) ? DType.Float : t == typeof(double) ? DType.Double : t == typeof(int) ? DType.Int32 :
        t == typeof(long) ? DType.Int64 : t == typeof(byte) ? DType.UInt8 : t == typeof(bool) ? DType.Bool :
        t == typeof(short) ? DType.Int16 : t == typeof(sbyte) ? DType.Int8 : t == typeof(Half) ? DType.Half :
        throw new TypeError($"Element type {t.Name} has no TensorFlow dtype.");

    public static Type ClrTypeOf(DType t) => t.BaseType() switch
    {
        DType.Float => typeof(float), DType.Double => typeof(double), DType.Int32 => typeof(int), DType.Int64 => typeof(long),
        DType.UInt8 => typeof(byte), DType.Bool => typeof(bool), DType.Int16 => typeof(short), DType.Int8 => typeof(sbyte),
        DType.Half => typeof(Half),
        _ => throw new TypeError($"dtype {t.PyName()} has no .NET element type."),
    };

    // ---------- conversions ----------

    /// <summary>Converts to another numeric dtype (as numpy.asarray(value, dtype) does for feeds).</summary>
    public TensorValue CastTo(DType target)
    {
        target = target.BaseType();
        if (target == DType) return this;
        if (DType == DType.Double && target == DType.Float)
        {
            // The common feed conversion (float64 labels into a float32 placeholder), without boxing through LINQ.
            var doubles = MemoryMarshal.Cast<byte, double>(Data);
            var converted = new byte[doubles.Length * 4];
            var floats = MemoryMarshal.Cast<byte, float>(converted.AsSpan());
            for (var i = 0; i < doubles.Length; i++) floats[i] = (float)doubles[i];
            return new TensorValue(target, Shape, converted);
        }
        var source = ToDoubles();
        var bytes = new byte[source.Length * target.ByteSize()];
        for (var i = 0; i < source.Length; i++)
        {
            var v = source[i];
            switch (target)
            {
                case DType.Float: BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), (float)v); break;
                case DType.Double: BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), v); break;
                case DType.Int32: BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), (int)v); break;
                case DType.Int64: BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), (long)v); break;
                case DType.UInt8: bytes[i] = (byte)v; break;
                case DType.Bool: bytes[i] = (byte)(v != 0 ? 1 : 0); break;
                // float16 rounds to nearest even, as numpy's astype(np.float16) does.
                case DType.Half: BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)v); break;
                // bfloat16: the upper half of the float32, rounded to nearest even (TF's float → bfloat16).
                case DType.BFloat16: BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), BFloat16Bits((float)v)); break;
                default: throw new TypeError($"Cannot cast to {target.PyName()}.");
            }
        }
        return new TensorValue(target, Shape, bytes);
    }

    /// <summary>The elements as float64 (any numeric dtype, float16 and bfloat16 included), flattened in C order.</summary>
    public double[] ToDoubleArray() => ToDoubles();

    private static ushort BFloat16Bits(float f)
    {
        if (float.IsNaN(f)) return 0x7FC0;
        var bits = (uint)BitConverter.SingleToInt32Bits(f);
        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }

    private double[] ToDoubles() => DType switch
    {
        DType.Float => MemoryMarshal.Cast<byte, float>(Data).ToArray().Select(x => (double)x).ToArray(),
        DType.Double => MemoryMarshal.Cast<byte, double>(Data).ToArray(),
        DType.Int32 => MemoryMarshal.Cast<byte, int>(Data).ToArray().Select(x => (double)x).ToArray(),
        DType.Int64 => MemoryMarshal.Cast<byte, long>(Data).ToArray().Select(x => (double)x).ToArray(),
        DType.UInt8 or DType.Bool => Data.Select(x => (double)x).ToArray(),
        DType.Int16 => MemoryMarshal.Cast<byte, short>(Data).ToArray().Select(x => (double)x).ToArray(),
        DType.Int8 => Data.Select(x => (double)(sbyte)x).ToArray(),
        DType.Half => MemoryMarshal.Cast<byte, Half>(Data).ToArray().Select(x => (double)x).ToArray(),
        DType.BFloat16 => MemoryMarshal.Cast<byte, ushort>(Data).ToArray().Select(x => (double)BitConverter.Int32BitsToSingle(x << 16)).ToArray(),
        _ => throw new TypeError($"Cannot convert {DType.PyName()} values to numbers."),
    };

    /// <summary>A copy as an NDArray of the matching element type (strings are not supported by NDArray here).</summary>
    public NDArray ToNDArray()
    {
        if (DType == DType.String) throw new TypeError("String tensors convert to string[] (use ToStrings()), not NDArray.");
        var shape = new Shape(Shape.Select(d => (int)d).ToArray());
        Array data = DType switch
        {
            DType.Float => MemoryMarshal.Cast<byte, float>(Data).ToArray(),
            DType.Double => MemoryMarshal.Cast<byte, double>(Data).ToArray(),
            DType.Int32 => MemoryMarshal.Cast<byte, int>(Data).ToArray(),
            DType.Int64 => MemoryMarshal.Cast<byte, long>(Data).ToArray(),
            DType.UInt8 => Data.ToArray(),
            DType.Bool => Data.Select(b => b != 0).ToArray(),
            DType.Int16 => MemoryMarshal.Cast<byte, short>(Data).ToArray(),
            _ => throw new TypeError($"dtype {DType.PyName()} cannot become an NDArray."),
        };
        return new NDArray(data, shape);
    }

    /// <summary>The elements, flattened in C order.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        if (ClrTypeOf(DType) != typeof(T))
            throw new TypeError($"Tensor of dtype {DType.PyName()} read as {typeof(T).Name}; read it as {ClrTypeOf(DType).Name}.");
        if (typeof(T) == typeof(bool)) return (T[])(object)Data.Select(b => b != 0).ToArray();
        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }

    public string[] ToStrings() =>
        Strings?.Select(Encoding.UTF8.GetString).ToArray() ?? throw new TypeError($"Tensor of dtype {DType.PyName()} holds no strings.");

    // ---------- native ----------

    public unsafe SafeTensorHandle ToNative()
    {
        if (DType == DType.String) return StringToNative();
        var shape = Shape;
        var length = _data?.LongLength ?? _source!.Unsafe.BytesLength;
        IntPtr tensor;
        fixed (long* dims = shape) tensor = TfNative.TF_AllocateTensor((int)DType, dims, shape.Length, (nuint)length);
        var handle = SafeTensorHandle.Own(tensor);
        if (length == 0) return handle;
        if (_data is not null) Marshal.Copy(_data, 0, TfNative.TF_TensorData(tensor), _data.Length);
        else Buffer.MemoryCopy(_source!.Unsafe.Address, (void*)TfNative.TF_TensorData(tensor), length, length);
        return handle;
    }

    /// <summary>TF 1.x string tensors: a table of uint64 offsets, then each string TF_StringEncode'd.</summary>
    private unsafe SafeTensorHandle StringToNative()
    {
        var strings = Strings!;
        var sizes = strings.Select(s => (long)TfNative.TF_StringEncodedSize((nuint)s.Length)).ToArray();
        var total = 8L * strings.Length + sizes.Sum();
        IntPtr tensor;
        fixed (long* dims = Shape) tensor = TfNative.TF_AllocateTensor((int)DType.String, dims, Shape.Length, (nuint)total);
        var handle = SafeTensorHandle.Own(tensor);
        var basePtr = (byte*)TfNative.TF_TensorData(tensor);
        var offsets = (ulong*)basePtr;
        var dataStart = basePtr + 8 * strings.Length;
        long offset = 0;
        using var status = new TfStatus();
        for (var i = 0; i < strings.Length; i++)
        {
            offsets[i] = (ulong)offset;
            fixed (byte* src = strings[i])
                TfNative.TF_StringEncode(src, (nuint)strings[i].Length, dataStart + offset, (nuint)sizes[i], status.Handle);
            status.Check("encoding a string tensor");
            offset += sizes[i];
        }
        return handle;
    }

    /// <summary>Copies a native tensor's contents (the native tensor stays owned by the caller).</summary>
    public static unsafe TensorValue FromNative(IntPtr tensor)
    {
        var dtype = (DType)TfNative.TF_TensorType(tensor);
        var rank = TfNative.TF_NumDims(tensor);
        var shape = new long[rank];
        for (var i = 0; i < rank; i++) shape[i] = TfNative.TF_Dim(tensor, i);
        var size = (long)TfNative.TF_TensorByteSize(tensor);
        var data = TfNative.TF_TensorData(tensor);
        if (dtype != DType.String)
        {
            var bytes = new byte[size];
            if (size > 0) Marshal.Copy(data, bytes, 0, (int)size);
            return new TensorValue(dtype, shape, bytes);
        }
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var strings = new byte[count][];
        var offsets = (ulong*)data;
        var start = (byte*)data + 8 * count;
        var limit = (byte*)data + size;
        using var status = new TfStatus();
        for (var i = 0; i < count; i++)
        {
            byte* dst;
            nuint dstLen;
            var src = start + offsets[i];
            TfNative.TF_StringDecode(src, (nuint)(limit - src), &dst, &dstLen, status.Handle);
            status.Check("decoding a string tensor");
            strings[i] = new ReadOnlySpan<byte>(dst, (int)dstLen).ToArray();
        }
        return new TensorValue(DType.String, shape, Array.Empty<byte>(), strings);
    }

    public override string ToString() => DType == DType.String
        ? $"[{string.Join(", ", ToStrings())}]"
        : ToNDArray().ToString();
}
