using System.Buffers.Binary;

namespace TfBnPort.Tensorflow;

/// <summary>
/// Reads every key/value of a TensorFlow table file (tensorflow/core/lib/io, the LevelDB SSTable
/// format): the footer's index block points at the data blocks; each block is checked against
/// its CRC-32C before it is parsed. Throws <see cref="InvalidDataException"/> for anything
/// malformed, so a damaged .index is reported instead of reaching TensorFlow's CHECKs.
/// </summary>
internal static class CheckpointTable
{
    private const ulong Magic = 0xdb4775248b80fb57UL;
    private const int FooterLength = 48; // two BlockHandles padded to 40 bytes, then the magic
    private const int TrailerLength = 5; // compression type + masked CRC

    public static List<(byte[] Key, byte[] Value)> ReadAll(byte[] file)
    {
        if (file.Length < FooterLength)
            throw new InvalidDataException($"the file is {file.Length} bytes, shorter than a table footer ({FooterLength}): it is truncated or not a checkpoint index");
        var footer = file.AsSpan(file.Length - FooterLength);
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[^8..]) != Magic)
            throw new InvalidDataException("bad magic number at the end: not a TensorFlow table file, or truncated");
        var pos = 0;
        _ = ReadHandle(footer, ref pos); // metaindex: TensorFlow writes it empty
        var indexHandle = ReadHandle(footer, ref pos);

        var entries = new List<(byte[], byte[])>();
        foreach (var (_, handleBytes) in ReadBlock(file, indexHandle, "index block"))
        {
            var p = 0;
            var dataHandle = ReadHandle(handleBytes, ref p);
            foreach (var entry in ReadBlock(file, dataHandle, $"data block at offset {dataHandle.Offset}"))
            {
                if (entries.Count > 0 && entries[^1].Item1.AsSpan().SequenceCompareTo(entry.Key) >= 0)
                    throw new InvalidDataException("keys are out of order");
                entries.Add(entry);
            }
        }
        return entries;
    }

    private readonly record struct BlockHandle(ulong Offset, ulong Size);

    private static BlockHandle ReadHandle(ReadOnlySpan<byte> bytes, ref int pos) => new(ReadVarint(bytes, ref pos), ReadVarint(bytes, ref pos));

    private static List<(byte[] Key, byte[] Value)> ReadBlock(byte[] file, BlockHandle handle, string what)
    {
        var length = (ulong)file.Length;
        if (handle.Offset > length || handle.Size > length - handle.Offset || TrailerLength > length - handle.Offset - handle.Size)
            throw new InvalidDataException($"the {what} lies beyond the end of the file (truncated)");
        var start = (int)handle.Offset;
        var size = (int)handle.Size;
        var stored = CheckpointCrc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(start + size + 1, 4)));
        if (CheckpointCrc32C.Compute(file.AsSpan(start, size + 1)) != stored)
            throw new InvalidDataException($"the {what} fails its checksum (the file is damaged)");
        if (file[start + size] != 0)
            throw new InvalidDataException($"the {what} is compressed (type {file[start + size]}), which TensorFlow's checkpoint writer never does");
        return ParseBlock(file.AsSpan(start, size), what);
    }

    /// <summary>Entries are prefix-compressed against the previous key; a restart array closes the block.</summary>
    private static List<(byte[], byte[])> ParseBlock(ReadOnlySpan<byte> block, string what)
    {
        if (block.Length < 4) throw new InvalidDataException($"the {what} is too short");
        var restarts = BinaryPrimitives.ReadUInt32LittleEndian(block[^4..]);
        if (restarts > (uint)(block.Length / 4 - 1)) throw new InvalidDataException($"the {what} has a bad restart count");
        var limit = block.Length - 4 * ((int)restarts + 1);
        var result = new List<(byte[], byte[])>();
        var lastKey = Array.Empty<byte>();
        var pos = 0;
        while (pos < limit)
        {
            var shared = ReadVarint(block, ref pos);
            var nonShared = ReadVarint(block, ref pos);
            var valueLength = ReadVarint(block, ref pos);
            if (shared > (ulong)lastKey.Length || nonShared > (ulong)(limit - pos) || valueLength > (ulong)(limit - pos) - nonShared)
                throw new InvalidDataException($"the {what} has a malformed entry");
            var key = new byte[(int)shared + (int)nonShared];
            lastKey.AsSpan(0, (int)shared).CopyTo(key);
            block.Slice(pos, (int)nonShared).CopyTo(key.AsSpan((int)shared));
            pos += (int)nonShared;
            result.Add((key, block.Slice(pos, (int)valueLength).ToArray()));
            pos += (int)valueLength;
            lastKey = key;
        }
        return result;
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= bytes.Length) throw new InvalidDataException("a varint runs past the end of its block");
            var b = bytes[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("a varint is longer than 10 bytes");
    }
}
