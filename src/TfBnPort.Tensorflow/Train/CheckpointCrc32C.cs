using System.Buffers.Binary;
using System.Numerics;

namespace TfBnPort.Tensorflow;

/// <summary>CRC-32C (Castagnoli) with TensorFlow's mask, as its table blocks and bundle entries store it.</summary>
internal static class CheckpointCrc32C
{
    private const uint MaskDelta = 0xa282ead8u;

    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>crc32c::Extend: the CRC of the bytes behind <paramref name="crc"/> followed by <paramref name="data"/> (for data read in pieces).</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>crc32c::Mask: rotated and offset so a CRC stored inside checksummed data stays checkable.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    public static uint Unmask(uint masked)
    {
        var rot = masked - MaskDelta;
        return (rot >> 17) | (rot << 15);
    }
}
