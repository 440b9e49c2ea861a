namespace TfBnPort.Tensorflow;

/// <summary>
/// A BundleEntryProto of a whole (unpartitioned) variable, as <see cref="CheckpointEntryProto"/>
/// validated it: where its bytes lie in which data shard, and their masked CRC32C.
/// </summary>
internal sealed record CheckpointEntry(string Name, DType DType, long[] Shape, int ShardId, long Offset, long Size, uint MaskedCrc32C)
{
    /// <summary>The number of elements (checked at parse time not to overflow).</summary>
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>One past the last byte, as ulong so that a forged offset + size cannot overflow.</summary>
    public ulong End => (ulong)Offset + (ulong)Size;

    public CheckpointVariable ToVariable() => new(Name, DType, Shape);
}
