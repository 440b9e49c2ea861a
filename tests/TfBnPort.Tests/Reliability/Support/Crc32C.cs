using System.Numerics;

namespace TfBnPort.Tests.Reliability.Support;

/// <summary>CRC-32C with TensorFlow's mask (tensorflow/core/lib/hash/crc32c.h), to forge checksummed files.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}
