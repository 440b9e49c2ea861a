using System.Text;
using Google.Protobuf;

namespace TfBnPort.Tensorflow;

/// <summary>A BundleEntryProto: where a tensor's bytes lie in which data shard.</summary>
internal sealed record CheckpointEntry(string Name, DType DType, long[] Shape, int ShardId, long Offset, long Size)
{
    public CheckpointVariable ToVariable() => new(Name, DType, Shape);
}

/// <summary>
/// The parsed PREFIX.index of a V2 checkpoint (a table of BundleEntryProto keyed by variable
/// name, after a BundleHeaderProto under the empty key). Read with our own parser so that a
/// damaged file gives a <see cref="CheckpointException"/> naming it, and so restore can check
/// names, dtypes, shapes and data-file sizes before it runs anything.
/// </summary>
internal sealed class CheckpointIndex
{
    private const int ConsumerVersion = 1; // kTensorBundleVersion of TF 1.15

    private readonly Dictionary<string, CheckpointEntry> _byName;

    private CheckpointIndex(string prefix, int numShards, List<CheckpointEntry> entries)
    {
        Prefix = prefix;
        NumShards = numShards;
        Entries = entries;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Prefix { get; }
    public int NumShards { get; }

    /// <summary>Whole variables in key order (slices of partitioned variables are left out, as TensorFlow's reader does).</summary>
    public IReadOnlyList<CheckpointEntry> Entries { get; }

    public CheckpointEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Reads PREFIX.index; a missing file or a damaged one is a <see cref="CheckpointException"/>.</summary>
    /// <param name="what">What the caller is doing, for messages: "restore from 'PREFIX'".</param>
    public static CheckpointIndex Read(string prefix, string what)
    {
        var path = CheckpointPaths.IndexFile(prefix);
        if (!File.Exists(path)) throw CheckpointPaths.NotFound(prefix, what);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new CheckpointException($"Cannot {what}: reading '{path}' failed: {e.Message}", prefix, inner: e); }
        catch (UnauthorizedAccessException e) { throw new CheckpointException($"Cannot {what}: '{path}' is not readable: {e.Message}", prefix, inner: e); }
        try { return Parse(prefix, CheckpointTable.ReadAll(bytes)); }
        catch (Exception e) when (e is InvalidDataException or InvalidProtocolBufferException)
        {
            throw new CheckpointException(
                $"Cannot {what}: the index file '{path}' is corrupt ({e.Message}). The checkpoint cannot be used; " +
                "restore an earlier one (see the 'checkpoint' file's all_model_checkpoint_paths) or save it again.", prefix, inner: e);
        }
    }

    private static CheckpointIndex Parse(string prefix, List<(byte[] Key, byte[] Value)> table)
    {
        if (table.Count == 0 || table[0].Key.Length != 0) throw new InvalidDataException("no header entry");
        var numShards = ParseHeader(table[0].Value);
        var entries = new List<CheckpointEntry>();
        foreach (var (key, value) in table.Skip(1))
        {
            if (key[0] == 0) continue; // a slice of a partitioned variable: its key is OrderedCode, starting with 0
            var name = Encoding.UTF8.GetString(key);
            var entry = ParseEntry(name, value);
            if (entry.ShardId < 0 || entry.ShardId >= numShards)
                throw new InvalidDataException($"'{name}' is in shard {entry.ShardId} of {numShards}");
            entries.Add(entry);
        }
        return new CheckpointIndex(prefix, numShards, entries);
    }

    /// <summary>BundleHeaderProto: num_shards = 1, endianness = 2, version = 3 (VersionDef).</summary>
    private static int ParseHeader(byte[] bytes)
    {
        int numShards = 0, endianness = 0, minConsumer = 0;
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: numShards = input.ReadInt32(); break;
                case 16: endianness = input.ReadEnum(); break;
                case 26:
                    var version = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint vtag;
                    while ((vtag = version.ReadTag()) != 0)
                        if (vtag == 16) minConsumer = version.ReadInt32(); else version.SkipLastField();
                    break;
                default: input.SkipLastField(); break;
            }
        }
        if (numShards < 1) throw new InvalidDataException($"the header gives {numShards} shards");
        if (endianness != 0) throw new InvalidDataException("the checkpoint was written on a big-endian machine");
        if (minConsumer > ConsumerVersion)
            throw new InvalidDataException($"it needs a reader of format version {minConsumer}; TensorFlow 1.15 reads version {ConsumerVersion}");
        return numShards;
    }

    /// <summary>BundleEntryProto: dtype 1, shape 2, shard_id 3, offset 4, size 5, crc32c 6, slices 7.</summary>
    private static CheckpointEntry ParseEntry(string name, byte[] bytes)
    {
        var dtype = 0;
        long[]? shape = null;
        int shard = 0;
        long offset = 0, size = 0;
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: dtype = input.ReadEnum(); break;
                case 18: shape = ParseShape(name, input.ReadBytes().ToByteArray()); break;
                case 24: shard = input.ReadInt32(); break;
                case 32: offset = input.ReadInt64(); break;
                case 40: size = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }
        if (dtype == 0) throw new InvalidDataException($"'{name}' has no dtype");
        if (offset < 0 || size < 0) throw new InvalidDataException($"'{name}' has a negative offset or size");
        return new CheckpointEntry(name, (DType)dtype, shape ?? Array.Empty<long>(), shard, offset, size);
    }

    /// <summary>TensorShapeProto: dim 2 (Dim: size 1, name 2), unknown_rank 3.</summary>
    private static long[] ParseShape(string name, byte[] bytes)
    {
        var dims = new List<long>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == 18)
            {
                var dim = new CodedInputStream(input.ReadBytes().ToByteArray());
                long sizeValue = 0;
                uint dtag;
                while ((dtag = dim.ReadTag()) != 0)
                    if (dtag == 8) sizeValue = dim.ReadInt64(); else dim.SkipLastField();
                if (sizeValue < 0) throw new InvalidDataException($"'{name}' has a dimension of size {sizeValue}");
                dims.Add(sizeValue);
            }
            else if (tag == 24 && input.ReadBool()) throw new InvalidDataException($"'{name}' has a shape of unknown rank");
            else if (tag != 24) input.SkipLastField();
        }
        return dims.ToArray();
    }

    /// <summary>
    /// Checks that the data shards holding <paramref name="needed"/> exist and are long enough
    /// for every tensor's bytes (a copy cut short, or a save killed before TensorFlow's rename).
    /// </summary>
    public void CheckDataFiles(IEnumerable<CheckpointEntry> needed, string what)
    {
        foreach (var shard in needed.GroupBy(e => e.ShardId).OrderBy(g => g.Key))
        {
            var file = CheckpointPaths.DataFile(Prefix, shard.Key, NumShards);
            if (!File.Exists(file))
                throw new CheckpointException(
                    $"Cannot {what}: its data file '{file}' is missing (the index '{CheckpointPaths.IndexFile(Prefix)}' stores " +
                    $"{shard.Count()} variable(s) there, e.g. '{shard.First().Name}'). Copy the checkpoint with all its files, " +
                    "or restore an earlier checkpoint.", Prefix, shard.First().Name);
            var length = new FileInfo(file).Length;
            var beyond = shard.Where(e => e.Offset + e.Size > length).OrderBy(e => e.Offset).FirstOrDefault();
            if (beyond is not null)
                throw new CheckpointException(
                    $"Cannot {what}: its data file '{file}' is truncated: it has {length} bytes, but '{beyond.Name}' is stored at " +
                    $"bytes {beyond.Offset}..{beyond.Offset + beyond.Size} (the index expects at least {shard.Max(e => e.Offset + e.Size)}). " +
                    "The file was cut short (an interrupted copy?); restore an earlier checkpoint or save again.", Prefix, beyond.Name);
        }
    }

    /// <summary>Up to <paramref name="count"/> stored names closest to <paramref name="name"/> (edit distance), for error messages.</summary>
    public IReadOnlyList<string> NamesNear(string name, int count = 5) =>
        Entries.Select(e => e.Name).OrderBy(n => EditDistance(n, name)).ThenBy(n => n, StringComparer.Ordinal).Take(count).ToList();

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
