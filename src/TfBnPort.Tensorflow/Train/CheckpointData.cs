namespace TfBnPort.Tensorflow;

/// <summary>
/// Reads tensors' bytes from a checkpoint's data shards and checks them against the index: the
/// shard exists, it holds the bytes the entry points at, and they match the entry's CRC32C.
/// Saver.restore runs this before RestoreV2, so a damaged file is refused with the data file and
/// variable named and nothing assigned; tf.train.load_variable reads its values here, without
/// TensorFlow's reader.
/// </summary>
internal static class CheckpointData
{
    private const int Chunk = 1 << 20;

    /// <summary>Checks every entry of <paramref name="needed"/>: first that all files are there and long enough, then the checksums.</summary>
    public static void Check(CheckpointIndex index, IReadOnlyCollection<CheckpointEntry> needed, string what)
    {
        CheckLengths(index, needed, what);
        foreach (var entry in needed.OrderBy(e => e.ShardId).ThenBy(e => e.Offset)) Verify(index, entry, what, keep: false);
    }

    /// <summary>One entry's bytes, checked as <see cref="Check"/> does.</summary>
    public static byte[] Read(CheckpointIndex index, CheckpointEntry entry, string what)
    {
        CheckLengths(index, new[] { entry }, what);
        return Verify(index, entry, what, keep: true)!;
    }

    private static void CheckLengths(CheckpointIndex index, IEnumerable<CheckpointEntry> needed, string what)
    {
        foreach (var shard in needed.GroupBy(e => e.ShardId).OrderBy(g => g.Key))
        {
            var file = index.DataFile(shard.Key);
            if (!File.Exists(file))
                throw new CheckpointException(
                    $"Cannot {what}: its data file '{file}' is missing (the index '{CheckpointPaths.IndexFile(index.Prefix)}' stores " +
                    $"{shard.Count()} variable(s) there, e.g. '{shard.First().Name}'). Copy the checkpoint with all its files, " +
                    "or restore an earlier checkpoint.", index.Prefix, shard.First().Name);
            var length = (ulong)new FileInfo(file).Length;
            var beyond = shard.Where(e => e.End > length).OrderBy(e => e.Offset).FirstOrDefault();
            if (beyond is not null)
                throw new CheckpointException(
                    $"Cannot {what}: its data file '{file}' is truncated: it has {length} bytes, but '{beyond.Name}' is stored at " +
                    $"bytes {beyond.Offset}..{beyond.End} (the index expects at least {shard.Max(e => e.End)}). " +
                    "The file was cut short (an interrupted copy?); restore an earlier checkpoint or save again.", index.Prefix, beyond.Name);
        }
    }

    /// <summary>Checks one entry's CRC32C; returns its bytes when <paramref name="keep"/>.</summary>
    private static byte[]? Verify(CheckpointIndex index, CheckpointEntry entry, string what, bool keep)
    {
        if (entry.DType == CheckpointDTypes.Variant)
            throw new CheckpointException($"Cannot {what}: '{entry.Name}' is a variant tensor, which this port cannot read.", index.Prefix, entry.Name);
        var file = index.DataFile(entry.ShardId);
        var inMemory = keep || entry.DType == DType.String; // a string tensor's checksum needs its layout
        if (inMemory && entry.Size > Array.MaxLength)
            throw new CheckpointException($"Cannot {what}: '{entry.Name}' has {entry.Size} bytes, more than one .NET array holds.", index.Prefix, entry.Name);
        byte[]? bytes = null;
        uint actual;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            stream.Seek(entry.Offset, SeekOrigin.Begin);
            if (inMemory)
            {
                bytes = new byte[entry.Size];
                stream.ReadExactly(bytes);
                actual = entry.DType == DType.String ? CheckpointStringCrc.Compute(bytes, entry.Elements) : CheckpointCrc32C.Compute(bytes);
            }
            else actual = StreamedCrc(stream, entry.Size);
        }
        catch (InvalidDataException e) { throw Damaged(index, entry, what, file, $"are not a string tensor as TensorFlow writes one ({e.Message})"); }
        catch (EndOfStreamException) { throw Damaged(index, entry, what, file, "lie past its end (it shrank while being read)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Cannot {what}: reading its data file '{file}' failed: {e.Message}", index.Prefix, entry.Name, e);
        }
        var stored = CheckpointCrc32C.Unmask(entry.MaskedCrc32C);
        if (actual != stored)
            throw Damaged(index, entry, what, file,
                $"fail their checksum (CRC32C {actual:x8}; the index '{CheckpointPaths.IndexFile(index.Prefix)}' stores {stored:x8})");
        return bytes;
    }

    private static uint StreamedCrc(Stream stream, long size)
    {
        var buffer = new byte[(int)Math.Min(size, Chunk)];
        uint crc = 0;
        for (var left = size; left > 0;)
        {
            var n = (int)Math.Min(left, buffer.Length);
            stream.ReadExactly(buffer, 0, n);
            crc = CheckpointCrc32C.Extend(crc, buffer.AsSpan(0, n));
            left -= n;
        }
        return crc;
    }

    private static CheckpointException Damaged(CheckpointIndex index, CheckpointEntry entry, string what, string file, string why) =>
        new($"Cannot {what}: its data file '{file}' is damaged: the bytes of '{entry.Name}' ({entry.Offset}..{entry.End}) {why}. " +
            "The file was changed after it was saved, " +
            "or belongs to another checkpoint; restore an earlier checkpoint (tf.train.get_checkpoint_state(dir).all_model_checkpoint_paths) " +
            "or save again.", index.Prefix, entry.Name);
}
