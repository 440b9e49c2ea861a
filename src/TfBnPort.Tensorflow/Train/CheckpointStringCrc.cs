using System.Buffers.Binary;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The CRC32C TensorFlow's bundle stores for a string tensor (ReadStringTensor in
/// tensor_bundle.cc). The bytes are: each element's length as a varint64, a masked CRC32C of
/// those lengths, then the strings. The checksum covers the lengths as fixed-width little-endian
/// integers (uint32, or uint64 above 4 GiB) rather than as varints, then the 4 stored CRC bytes,
/// then the strings.
/// </summary>
internal static class CheckpointStringCrc
{
    /// <summary>The CRC of a string entry's bytes; <see cref="InvalidDataException"/> if its layout is broken.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes, long elements)
    {
        if (bytes.Length == 0) return 0; // TensorFlow reads nothing for size 0
        var lengths = new ulong[elements]; // elements <= size: each length takes at least one byte
        uint crc = 0;
        Span<byte> fixedWidth = stackalloc byte[8];
        var pos = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            lengths[i] = CheckpointTable.ReadVarint(bytes, ref pos);
            if (lengths[i] <= uint.MaxValue)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(fixedWidth, (uint)lengths[i]);
                crc = CheckpointCrc32C.Extend(crc, fixedWidth[..4]);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(fixedWidth, lengths[i]);
                crc = CheckpointCrc32C.Extend(crc, fixedWidth);
            }
        }
        if (bytes.Length - pos < 4) throw new InvalidDataException("its string lengths run past its end");
        var lengthsCrc = bytes.Slice(pos, 4);
        if (CheckpointCrc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(lengthsCrc)) != crc)
            throw new InvalidDataException("the checksum of its string lengths does not match");
        crc = CheckpointCrc32C.Extend(crc, lengthsCrc);
        pos += 4;
        foreach (var length in lengths)
        {
            // TensorFlow would allocate whatever a length says (a forged one aborts it); the bytes must be within the entry.
            if (length > (ulong)(bytes.Length - pos)) throw new InvalidDataException("its strings run past its end");
            crc = CheckpointCrc32C.Extend(crc, bytes.Slice(pos, (int)length));
            pos += (int)length;
        }
        return crc;
    }
}
