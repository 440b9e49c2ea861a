using Google.Protobuf;

namespace TfBnPort.Tensorflow;

/// <summary>
/// Parses and validates one BundleEntryProto (dtype 1, shape 2, shard_id 3, offset 4, size 5,
/// crc32c 6, slices 7). Everything TensorFlow's readers would CHECK-fail on (abort the process)
/// is refused here: more than 254 dims, negative dims, an element count overflowing int64, an
/// unknown or _ref dtype, slices. Throws <see cref="InvalidDataException"/> for a malformed entry
/// and <see cref="NotSupportedException"/> for a partitioned variable.
/// </summary>
internal static class CheckpointEntryProto
{
    private const int MaxRank = 254; // TensorShape::MaxDimensions()

    public static CheckpointEntry Parse(string name, byte[] bytes, int numShards)
    {
        int dtype = 0, shard = 0;
        long offset = 0, size = 0;
        uint crc = 0;
        // Repeats of the singular message field "shape" merge, as protobuf (and so TensorFlow) does:
        // their bytes concatenate, so their dims append.
        var shapeBytes = new List<byte>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: dtype = input.ReadEnum(); break;
                case 18: shapeBytes.AddRange(input.ReadBytes()); break;
                case 24: shard = input.ReadInt32(); break;
                case 32: offset = input.ReadInt64(); break;
                case 40: size = input.ReadInt64(); break;
                case 53: crc = input.ReadFixed32(); break;
                case 58: throw new NotSupportedException($"stores '{name}' as slices of a partitioned variable");
                default: input.SkipLastField(); break; // unknown fields, and known ones of another wire type, as protobuf does
            }
        }
        var type = CheckDType(name, dtype);
        var shape = ParseShape(name, shapeBytes.ToArray());
        if (shard < 0 || shard >= numShards) throw new InvalidDataException($"'{name}' is in shard {shard} of {numShards}");
        if (offset < 0 || size < 0) throw new InvalidDataException($"'{name}' has a negative offset or size");
        CheckSize(name, type, shape, size);
        return new CheckpointEntry(name, type, shape, shard, offset, size, crc);
    }

    private static DType CheckDType(string name, int dtype)
    {
        if (dtype == 0) throw new InvalidDataException($"'{name}' has no dtype");
        if (dtype > 100 && CheckpointDTypes.IsKnown(dtype - 100))
            throw new InvalidDataException($"'{name}' is stored as {CheckpointDTypes.Name((DType)dtype)}, a reference dtype that no checkpoint writer stores");
        if (!CheckpointDTypes.IsKnown(dtype)) throw new InvalidDataException($"'{name}' has dtype {dtype}, which TensorFlow 1.15 does not know");
        if ((DType)dtype == DType.Resource) throw new InvalidDataException($"'{name}' is stored as a resource handle, which a checkpoint cannot hold");
        return (DType)dtype;
    }

    /// <summary>TensorShapeProto: dim 2 (Dim: size 1, name 2), unknown_rank 3; checked as TensorShape::IsValid does.</summary>
    private static long[] ParseShape(string name, byte[] bytes)
    {
        var dims = new List<long>();
        var unknownRank = false;
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == 18)
            {
                var dim = new CodedInputStream(input.ReadBytes().ToByteArray());
                long dimSize = 0;
                uint dtag;
                while ((dtag = dim.ReadTag()) != 0)
                    if (dtag == 8) dimSize = dim.ReadInt64(); else dim.SkipLastField();
                dims.Add(dimSize);
            }
            else if (tag == 24) unknownRank = input.ReadBool();
            else input.SkipLastField();
        }
        if (unknownRank) throw new InvalidDataException($"'{name}' has a shape of unknown rank");
        if (dims.Count > MaxRank) throw new InvalidDataException($"'{name}' has {dims.Count} dimensions; TensorFlow allows at most {MaxRank}");
        var elements = 1L;
        foreach (var d in dims)
        {
            if (d < 0) throw new InvalidDataException($"'{name}' has a dimension of size {d}");
            try { elements = checked(elements * d); }
            catch (OverflowException) { throw new InvalidDataException($"'{name}' has shape {new TensorShape(dims.ToArray())}, more than 2**63 - 1 elements"); }
        }
        return dims.ToArray();
    }

    /// <summary>As BundleReader::GetValue: fixed-size elements need exactly elements × size bytes; a string at least one length byte each.</summary>
    private static void CheckSize(string name, DType dtype, long[] shape, long size)
    {
        var elements = shape.Aggregate(1L, (a, b) => a * b); // no overflow: ParseShape checked it
        var elementSize = CheckpointDTypes.ElementSize(dtype);
        if (elementSize == 0)
        {
            if (dtype == DType.String && size < elements)
                throw new InvalidDataException($"'{name}' holds {elements} strings in {size} bytes");
            return;
        }
        long expected;
        try { expected = checked(elements * elementSize); }
        catch (OverflowException) { throw new InvalidDataException($"'{name}' ({elements} × {elementSize} bytes) is larger than 2**63 - 1 bytes"); }
        if (size != expected)
            throw new InvalidDataException($"'{name}' ({CheckpointDTypes.Name(dtype)}, shape {new TensorShape(shape)}) needs {expected} bytes but the entry says {size}");
    }
}
