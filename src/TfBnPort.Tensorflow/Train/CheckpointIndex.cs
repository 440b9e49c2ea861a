using Google.Protobuf;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The parsed PREFIX.index of a V2 checkpoint (a table of BundleEntryProto keyed by variable
/// name, after a BundleHeaderProto under the empty key). Read with our own parser so that a
/// damaged file gives a <see cref="CheckpointException"/> naming it, and so restore can check
/// names, dtypes, shapes and data files before it runs anything. Every entry is validated, and
/// partitioned variables (slices) are refused, so no index reaching TensorFlow can make it abort.
/// </summary>
internal sealed class CheckpointIndex
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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

    /// <summary>The variables in key order.</summary>
    public IReadOnlyList<CheckpointEntry> Entries { get; }

    public CheckpointEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The data shard file <paramref name="shard"/>, as TensorFlow names it.</summary>
    public string DataFile(int shard) => CheckpointPaths.DataFile(Prefix, shard, NumShards);

    /// <summary>Reads PREFIX.index; a missing file or a damaged one is a <see cref="CheckpointException"/>.</summary>
    /// <param name="prefix">The checkpoint prefix (PREFIX of PREFIX.index).</param>
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
        catch (NotSupportedException e)
        {
            // TensorFlow aborts the process on some malformed slice entries; a port without partitioners has no use for them.
            throw new CheckpointException(
                $"Cannot {what}: the index file '{path}' {e.Message}; partitioned/sliced variables are not supported. " +
                "Save the variables unpartitioned (no partitioner) to use the checkpoint here.", prefix, inner: e);
        }
    }

    private static CheckpointIndex Parse(string prefix, List<(byte[] Key, byte[] Value)> table)
    {
        if (table.Count == 0 || table[0].Key.Length != 0) throw new InvalidDataException("no header entry");
        var numShards = CheckpointHeader.Parse(table[0].Value);
        var entries = new List<CheckpointEntry>();
        foreach (var (key, value) in table.Skip(1)) // the table is sorted without repeats, so no key is empty
        {
            if (key[0] == 0) // a slice's key is OrderedCode, starting with byte 0
                throw new NotSupportedException($"holds a slice of a partitioned variable (key [{Convert.ToHexString(key)}])");
            entries.Add(CheckpointEntryProto.Parse(Name(key), value, numShards));
        }
        return new CheckpointIndex(prefix, numShards, entries);
    }

    // Decoded strictly: lenient decoding would map different invalid keys to one name.
    private static string Name(byte[] key)
    {
        try { return StrictUtf8.GetString(key); }
        catch (System.Text.DecoderFallbackException) { throw new InvalidDataException($"the key [{Convert.ToHexString(key)}] is not UTF-8"); }
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
