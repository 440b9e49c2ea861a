using System.Buffers.Binary;

namespace TfBnPort.Tests.Reliability.Support;

/// <summary>
/// TensorFlow's table format (tensorflow/core/lib/io/table*, LevelDB's SSTable), which a
/// checkpoint's .index uses: read all entries of a real file, and write entries back with
/// valid block checksums, so forged content reaches the checkpoint readers past the CRCs.
/// Written simply: one data block, every entry a restart point, no compression.
/// </summary>
internal static class TableFile
{
    private const ulong Magic = 0xdb4775248b80fb57UL;
    private const int FooterLength = 48;

    public static List<(byte[] Key, byte[] Value)> Read(byte[] file)
    {
        var footer = file.AsSpan(file.Length - FooterLength);
        var pos = 0;
        ReadHandle(footer, ref pos); // metaindex
        var (indexOffset, indexSize) = ReadHandle(footer, ref pos);
        var entries = new List<(byte[], byte[])>();
        foreach (var (_, handle) in ReadBlock(file.AsSpan((int)indexOffset, (int)indexSize)))
        {
            var p = 0;
            var (offset, size) = ReadHandle(handle, ref p);
            entries.AddRange(ReadBlock(file.AsSpan((int)offset, (int)size)));
        }
        return entries;
    }

    /// <summary>A table of <paramref name="entries"/> in the given order (TensorFlow expects them sorted by key).</summary>
    public static byte[] Write(IReadOnlyList<(byte[] Key, byte[] Value)> entries)
    {
        var file = new List<byte>();
        var data = AppendBlock(file, entries);
        var metaindex = AppendBlock(file, Array.Empty<(byte[], byte[])>());
        var lastKey = entries.Count > 0 ? entries[^1].Key : Array.Empty<byte>();
        var index = AppendBlock(file, new[] { (lastKey, Handle(data)) });
        var footer = new List<byte>(Handle(metaindex));
        footer.AddRange(Handle(index));
        footer.AddRange(new byte[40 - footer.Count]);
        var magic = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(magic, Magic);
        footer.AddRange(magic);
        file.AddRange(footer);
        return file.ToArray();
    }

    private static (ulong Offset, ulong Size) AppendBlock(List<byte> file, IReadOnlyList<(byte[] Key, byte[] Value)> entries)
    {
        var block = new List<byte>();
        var restarts = new List<int>();
        foreach (var (key, value) in entries)
        {
            restarts.Add(block.Count);
            Varint(block, 0);
            Varint(block, (ulong)key.Length);
            Varint(block, (ulong)value.Length);
            block.AddRange(key);
            block.AddRange(value);
        }
        if (restarts.Count == 0) restarts.Add(0);
        foreach (var r in restarts.Append(restarts.Count)) block.AddRange(BitConverter.GetBytes((uint)r));
        var offset = (ulong)file.Count;
        file.AddRange(block);
        block.Add(0); // no compression; the CRC covers the type byte too
        var crc = BitConverter.GetBytes(Crc32C.Mask(Crc32C.Compute(block.ToArray())));
        file.Add(0);
        file.AddRange(crc);
        return (offset, (ulong)(block.Count - 1));
    }

    private static byte[] Handle((ulong Offset, ulong Size) handle)
    {
        var bytes = new List<byte>();
        Varint(bytes, handle.Offset);
        Varint(bytes, handle.Size);
        return bytes.ToArray();
    }

    private static List<(byte[], byte[])> ReadBlock(ReadOnlySpan<byte> block)
    {
        var restarts = (int)BinaryPrimitives.ReadUInt32LittleEndian(block[^4..]);
        var limit = block.Length - 4 * (restarts + 1);
        var result = new List<(byte[], byte[])>();
        var lastKey = Array.Empty<byte>();
        var pos = 0;
        while (pos < limit)
        {
            var shared = (int)ReadVarint(block, ref pos);
            var nonShared = (int)ReadVarint(block, ref pos);
            var valueLength = (int)ReadVarint(block, ref pos);
            var key = lastKey[..shared].Concat(block.Slice(pos, nonShared).ToArray()).ToArray();
            pos += nonShared;
            result.Add((key, block.Slice(pos, valueLength).ToArray()));
            pos += valueLength;
            lastKey = key;
        }
        return result;
    }

    private static (ulong, ulong) ReadHandle(ReadOnlySpan<byte> bytes, ref int pos) => (ReadVarint(bytes, ref pos), ReadVarint(bytes, ref pos));

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    public static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }
}
