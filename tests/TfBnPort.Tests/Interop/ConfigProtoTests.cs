using Google.Protobuf;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Interop;

/// <summary>The generated tensorflow.ConfigProto writes the bytes the hand serializer wrote, and TF_SetConfig takes them.</summary>
public class ConfigProtoTests
{
    [Fact]
    public void ThreadAndPlacementFieldsHaveTensorflowsWireNumbers()
    {
        var config = new ConfigProto { IntraOpParallelismThreads = 2, InterOpParallelismThreads = 3, AllowSoftPlacement = true, LogDevicePlacement = true };
        // Hand-derived from config.proto: tag = field << 3 | varint(0): 2→0x10, 5→0x28, 7→0x38, 8→0x40.
        Assert.Equal(new byte[] { 0x10, 2, 0x28, 3, 0x38, 1, 0x40, 1 }, config.ToByteArray());
        Assert.Empty(new ConfigProto().ToByteArray());
    }

    [Fact]
    public void SessionAcceptsTheConfigAndRuns()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var y = tf.constant(2f) * 21f;
        var config = new ConfigProto
        {
            IntraOpParallelismThreads = 1, InterOpParallelismThreads = 1, UsePerSessionThreads = true,
            GraphOptions = new GraphOptions { OptimizerOptions = new OptimizerOptions { OptLevel = OptimizerOptions.Types.Level.L0 } },
        };
        using var sess = tf.Session(graph, config);
        Assert.Same(config, sess.Config);
        Assert.Equal(42f, sess.run(y).GetSingle());
    }

    [Fact]
    public unsafe void TfSetConfigRefusesBytesThatAreNotAConfigProto()
    {
        using var options = SafeSessionOptionsHandle.Create();
        using var status = new TfStatus();
        var garbage = new byte[] { 0x12, 0x05, 0x01 }; // field 2 as a length-delimited blob claiming 5 bytes
        fixed (byte* p = garbage) TfNative.TF_SetConfig(options.DangerousGetHandle(), p, (nuint)garbage.Length, status.Handle);
        Assert.Equal(TF_Code.InvalidArgument, status.Code);
    }
}
