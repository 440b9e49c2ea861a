using Google.Protobuf;
using TfBnPort.FaultWorker;
using TfBnPort.Tensorflow;
using TfBnPort.Tests.Reliability.Support;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// What CheckpointIndex refuses or accepts in a forged index (entries: 0 header, 1 'a' float32 (3,),
/// 2 'd', 3 'global_step', 4 'v', 5 'w'), with the messages. In-process: since load_variable no
/// longer opens TensorFlow's reader, nothing here reaches a TensorFlow CHECK (CheckpointForgeryTests
/// runs the same kinds of input in a child process).
/// </summary>
public class CheckpointIndexValidationTests
{
    private static string Forged(ScratchDir dir, params IndexForgery[] forgeries) =>
        ReferenceCheckpoint.Write(dir.Path, IndexForgery.Forge(ReferenceCheckpoint.Index, forgeries), ReferenceCheckpoint.Data);

    private static IndexForgery SetInt64(int entry, int field, long value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        output.Flush();
        return new IndexForgery.AppendField(entry, $"field {field} = {value}", stream.ToArray());
    }

    private static CheckpointException ListingFails(string prefix, string expected)
    {
        var e = Assert.Throws<CheckpointException>(() => tf.train.list_variables(prefix));
        Assert.Contains($"the index file '{prefix}.index'", e.Message);
        Assert.Contains(expected, e.Message);
        return e;
    }

    [Fact]
    public void ARepeatedShapeFieldAppendsItsDimsAsProtobufMergesIt()
    {
        using var dir = new ScratchDir("ckpt-index");
        var prefix = Forged(dir, IndexForgery.AddDims(1, 1)); // 'a' (3,) + a second shape field (1,) = (3, 1), still 12 bytes
        Assert.Equal("a float32 (3, 1)", tf.train.list_variables(prefix)[0].ToString());
        var a = tf.train.load_variable(prefix, "a");
        Assert.Equal(new long[] { 3, 1 }, a.shape);
        Assert.Equal(new float[] { 1, 2, 3 }, a.ToArray<float>());
    }

    [Fact]
    public void ASizeThatDoesNotMatchTheShapeIsRefused()
    {
        using var dir = new ScratchDir("ckpt-index");
        ListingFails(Forged(dir, IndexForgery.AddDims(1, 2)), "'a' (float32, shape (3, 2)) needs 24 bytes but the entry says 12");
    }

    [Theory]
    [InlineData(255, "'a' has 256 dimensions; TensorFlow allows at most 254")]
    [InlineData(-1, "'a' has a dimension of size -1")]
    [InlineData(1L << 40, "more than 2**63 - 1 elements")]
    public void ShapesTensorFlowWouldAbortOnAreRefused(long dims, string expected)
    {
        using var dir = new ScratchDir("ckpt-index");
        var forgery = dims == 255 ? IndexForgery.AddDims(1, Enumerable.Repeat(1L, 255).ToArray())
            : dims < 0 ? IndexForgery.AddDims(1, dims) : IndexForgery.AddDims(1, dims, dims);
        ListingFails(Forged(dir, forgery), expected);
    }

    [Theory]
    [InlineData(99, "'a' has dtype 99, which TensorFlow 1.15 does not know")]
    [InlineData(101, "'a' is stored as float32_ref, a reference dtype")]
    [InlineData(20, "'a' is stored as a resource handle")]
    public void DtypesTensorFlowCannotReadAreRefused(long dtype, string expected)
    {
        using var dir = new ScratchDir("ckpt-index");
        ListingFails(Forged(dir, IndexForgery.SetDType(1, dtype)), expected);
    }

    [Fact]
    public void AFloatRefEntryNoLongerRestoresIntoAFloatVariable()
    {
        using var dir = new ScratchDir("ckpt-index");
        var prefix = Forged(dir, IndexForgery.SetDType(1, 101));
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallCheckpointModel.Build(withSavedValues: false);
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        var e = Assert.Throws<CheckpointException>(() => saver.restore(sess, prefix));
        Assert.Contains("float32_ref", e.Message);
    }

    [Fact]
    public void SlicesAndSliceKeysAreRefusedAsPartitionedVariables()
    {
        using var dir = new ScratchDir("ckpt-index");
        var sliced = ListingFails(Forged(dir, IndexForgery.AddSlice(1, 0, -5)), "partitioned/sliced variables are not supported");
        Assert.Contains("stores 'a' as slices of a partitioned variable", sliced.Message);
        using var dir2 = new ScratchDir("ckpt-index");
        ListingFails(Forged(dir2, IndexForgery.AddUnparseableSliceEntry()), "holds a slice of a partitioned variable (key [0001])");
    }

    [Fact]
    public void AHugeOffsetIsReportedAsTruncationWithoutOverflowing()
    {
        using var dir = new ScratchDir("ckpt-index");
        var prefix = Forged(dir, SetInt64(1, 4, long.MaxValue));
        var e = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, "a"));
        Assert.Contains($"'a' is stored at bytes {long.MaxValue}..{(ulong)long.MaxValue + 12}", e.Message);
        Assert.Contains("is truncated", e.Message);
    }

    [Theory]
    [InlineData(22, "uint32")]
    [InlineData(23, "uint64")]
    public void LoadVariableOfADtypeNDArrayCannotHoldNamesItAndTheVariable(long dtype, string name)
    {
        using var dir = new ScratchDir("ckpt-index");
        // 'a' is 12 bytes (3 × 4), 'global_step' 8 (1 × 8): the forged dtype has the same size, so the entry is valid.
        var (entry, key) = dtype == 22 ? (1, "a") : (3, "global_step");
        var prefix = Forged(dir, IndexForgery.SetDType(entry, dtype));
        Assert.Contains(tf.train.list_variables(prefix), v => v.ToString().StartsWith($"{key} {name} "));
        var e = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, key));
        Assert.Equal(key, e.VariableName);
        Assert.Contains($"Cannot load '{key}' from '{prefix}': it is stored as {name}", e.Message);
    }

    [Fact]
    public void AWrongCrcInTheIndexIsCaughtBeforeRestoreAndByLoadVariable()
    {
        using var dir = new ScratchDir("ckpt-index");
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(6, WireFormat.WireType.Fixed32);
        output.WriteFixed32(12345);
        output.Flush();
        var prefix = Forged(dir, new IndexForgery.AppendField(5, "crc32c 12345", stream.ToArray())); // 'w'
        var e = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, "w"));
        Assert.Contains($"its data file '{ReferenceCheckpoint.DataFile(prefix)}' is damaged: the bytes of 'w'", e.Message);
        Assert.Contains("fail their checksum", e.Message);
        Assert.Equal(new float[] { 1, 2, 3 }, tf.train.load_variable(prefix, "a").ToArray<float>());
    }
}
