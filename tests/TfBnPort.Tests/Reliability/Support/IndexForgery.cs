using System.Text;
using CsCheck;
using Google.Protobuf;

namespace TfBnPort.Tests.Reliability.Support;

/// <summary>
/// A change to a checkpoint index's entries, written back with valid checksums: what a buggy
/// writer, another TensorFlow version or a hand-edited file could give. Entry 0 is the header
/// (BundleHeaderProto: num_shards 1, endianness 2, version 3); the others are BundleEntryProto
/// (dtype 1, shape 2, shard_id 3, offset 4, size 5, crc32c 6, slices 7). Appending a field
/// overrides a scalar one and merges into a message one, as protobuf parsers do.
/// </summary>
internal abstract record IndexForgery
{
    public abstract void Apply(List<(byte[] Key, byte[] Value)> entries);

    public static byte[] Forge(byte[] index, IEnumerable<IndexForgery> forgeries)
    {
        var entries = TableFile.Read(index);
        foreach (var f in forgeries) f.Apply(entries);
        return TableFile.Write(entries);
    }

    public sealed record AppendField(int Entry, string Field, byte[] Encoded) : IndexForgery
    {
        public override void Apply(List<(byte[] Key, byte[] Value)> entries)
        {
            var i = Entry % entries.Count;
            entries[i] = (entries[i].Key, [.. entries[i].Value, .. Encoded]);
        }

        public override string ToString() => $"entry {Entry} += {Field}";
    }

    public sealed record ReplaceValue(int Entry, byte[] Value) : IndexForgery
    {
        public override void Apply(List<(byte[] Key, byte[] Value)> entries) => entries[Entry % entries.Count] = (entries[Entry % entries.Count].Key, Value);
        public override string ToString() => $"entry {Entry} = [{Convert.ToHexString(Value)}]";
    }

    /// <summary>A new key (kept in sorted place unless <paramref name="Unsorted"/>) with the value of an existing entry plus extra fields.</summary>
    public sealed record AddEntry(byte[] Key, int CopyOf, byte[] ExtraFields, bool Unsorted) : IndexForgery
    {
        public override void Apply(List<(byte[] Key, byte[] Value)> entries)
        {
            var value = (byte[])[.. entries[CopyOf % entries.Count].Value, .. ExtraFields];
            entries.RemoveAll(e => e.Key.AsSpan().SequenceEqual(Key));
            var at = Unsorted ? 1 : entries.FindIndex(e => e.Key.AsSpan().SequenceCompareTo(Key) > 0);
            entries.Insert(at < 0 ? entries.Count : Math.Min(at, entries.Count), (Key, value));
        }

        public override string ToString() =>
            $"add key [{Convert.ToHexString(Key)}] = entry {CopyOf} + [{Convert.ToHexString(ExtraFields)}]{(Unsorted ? " out of order" : "")}";
    }

    public sealed record RemoveEntry(int Entry) : IndexForgery
    {
        public override void Apply(List<(byte[] Key, byte[] Value)> entries) => entries.RemoveAt(Entry % entries.Count);
        public override string ToString() => $"remove entry {Entry}";
    }

    // ---- named forgeries (entries: 0 header, 1 'a', 2 'd', 3 'global_step', 4 'v', 5 'w') ----

    public static IndexForgery SetDType(int entry, long dtype) => new AppendField(entry, $"dtype {dtype}", Varint(1, dtype));

    public static IndexForgery AddDims(int entry, params long[] dims) =>
        new AppendField(entry, $"{dims.Length} more dims", Message(2, dims.SelectMany(d => Message(2, Varint(1, d))).ToArray()));

    /// <summary>Entry <paramref name="entry"/> stored as one partitioned slice with extent {start, length}.</summary>
    public static IndexForgery AddSlice(int entry, long start, long length) =>
        new AppendField(entry, $"slice {start}, {length}", Message(7, Message(1, [.. Varint(1, start), .. Varint(2, length)])));

    /// <summary>A partitioned variable's slice entry (key starting with 0) whose value TensorFlow cannot parse.</summary>
    public static IndexForgery AddUnparseableSliceEntry() => new AddEntry([0, 1], CopyOf: 1, ExtraFields: [0x07], Unsorted: false);

    // ---- generators ----

    private static readonly Gen<long> Number = Gen.OneOf(
        Gen.Const(-1L), Gen.Const(0L), Gen.Const(1L), Gen.Const(2L), Gen.Const(3L), Gen.Const(12L), Gen.Const(255L),
        Gen.Const(1L << 31), Gen.Const(1L << 32), Gen.Const(1L << 40), Gen.Const(long.MaxValue), Gen.Const(long.MinValue), Gen.Long);

    private static readonly Gen<long> DTypeNumber = Gen.OneOf(Gen.Long[0, 30], Gen.Const(99L), Gen.Const(101L), Gen.Const(1000L), Gen.Const(-1L));

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Varint(int field, long value) => Encode(o => { o.WriteTag(field, WireFormat.WireType.Varint); o.WriteInt64(value); });
    private static byte[] Message(int field, byte[] body) => Encode(o => { o.WriteTag(field, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(body)); });

    /// <summary>TensorShapeProto: dim 2 {size 1}, unknown_rank 3.</summary>
    private static readonly Gen<byte[]> Shape = Gen.OneOf(
        Number.Array[0, 4].Select(dims => dims.SelectMany(d => Message(2, Varint(1, d))).ToArray()),
        Gen.Const(Varint(3, 1)),
        Gen.Int[250, 300].Select(rank => Enumerable.Repeat(Message(2, Varint(1, 1)), rank).SelectMany(b => b).ToArray()));

    /// <summary>TensorSliceProto: extent 1 {start 1, length 2}.</summary>
    private static readonly Gen<byte[]> Slice = Gen.Select(Number, Number, Gen.Int[0, 3],
        (start, length, count) => Enumerable.Repeat(Message(1, [.. Varint(1, start), .. Varint(2, length)]), count).SelectMany(b => b).ToArray());

    /// <summary>A slices field: what a partitioned variable's entry holds.</summary>
    private static readonly Gen<(string Name, byte[] Bytes)> SlicesField = Slice.Select(s => ($"slices [{Convert.ToHexString(s)}]", Message(7, s)));

    /// <summary>One field of a BundleEntryProto (but slices), a BundleHeaderProto, or an unknown or malformed one.</summary>
    private static readonly Gen<(string Name, byte[] Bytes)> FieldButSlices = Gen.OneOf(
        DTypeNumber.Select(v => ($"dtype {v}", Varint(1, v))),
        Shape.Select(s => ($"shape [{Convert.ToHexString(s)}]", Message(2, s))),
        Number.Select(v => ($"shard_id {v}", Varint(3, v))),
        Number.Select(v => ($"offset {v}", Varint(4, v))),
        Number.Select(v => ($"size {v}", Varint(5, v))),
        Gen.UInt.Select(v => ($"crc32c {v}", Encode(o => { o.WriteTag(6, WireFormat.WireType.Fixed32); o.WriteFixed32(v); }))),
        Number.Select(v => ($"num_shards/dtype {v}", Varint(1, v))),
        Number.Select(v => ($"endianness {v}", Varint(2, v))),
        Gen.Select(Number, Gen.Long[0, 2], (min, bad) => ($"version min_consumer {min} bad {bad}", Message(3, [.. Varint(1, 1), .. Varint(2, min), .. Varint(3, bad)]))),
        Gen.Byte.Array[1, 6].Select(b => ($"raw [{Convert.ToHexString(b)}]", b)));

    private static readonly Gen<byte[]> AnyKey = Gen.OneOf(
        Gen.Const(Encoding.UTF8.GetBytes("zz_extra")),
        Gen.Const(Encoding.UTF8.GetBytes("a")),
        Gen.Const(Encoding.UTF8.GetBytes("w")),
        Gen.Byte.Array[1, 8].Select(b => (byte[])[0, .. b]), // a partitioned variable's slice key starts with 0
        Gen.Const(Array.Empty<byte>()));

    private static readonly Gen<int> AnyEntry = Gen.Int[0, 5];

    private static Gen<IndexForgery> Any(Gen<(string Name, byte[] Bytes)> field) => Gen.Frequency(
        (6, Gen.Select(AnyEntry, field, (e, f) => (IndexForgery)new AppendField(e, f.Name, f.Bytes))),
        (1, Gen.Select(AnyEntry, Gen.Byte.Array[0, 12], (e, v) => (IndexForgery)new ReplaceValue(e, v))),
        (2, Gen.Select(AnyKey, AnyEntry, field.Array[0, 2], Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))),
            (k, c, f, u) => (IndexForgery)new AddEntry(k, c, f.SelectMany(x => x.Bytes).ToArray(), u))),
        (1, AnyEntry.Select(e => (IndexForgery)new RemoveEntry(e))));

    /// <summary>One to three forgeries of any kind.</summary>
    public static readonly Gen<IndexForgery[]> Several = Any(Gen.Frequency((10, FieldButSlices), (1, SlicesField))).Array[1, 3];

    /// <summary>
    /// The same without slices fields (which made Saver.restore abort inside TensorFlow before
    /// CheckpointIndex refused them): forgeries that reach restore more often than refused slices do.
    /// </summary>
    public static readonly Gen<IndexForgery[]> SeveralWithoutSlices = Any(FieldButSlices).Array[1, 3];
}
