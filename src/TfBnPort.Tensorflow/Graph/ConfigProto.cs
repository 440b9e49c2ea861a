using Google.Protobuf;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The few tensorflow.ConfigProto fields this project sets, serialized by hand (field numbers from
/// tensorflow/core/protobuf/config.proto) for TF_SetConfig. 0 threads = TensorFlow's default (all cores).
/// </summary>
public sealed class ConfigProto
{
    public int IntraOpParallelismThreads { get; set; }
    public int InterOpParallelismThreads { get; set; }
    public bool AllowSoftPlacement { get; set; }
    public bool LogDevicePlacement { get; set; }
    public List<string> DeviceFilters { get; } = new();
    public long OperationTimeoutInMs { get; set; }

    public byte[] ToByteArray()
    {
        using var memory = new MemoryStream();
        using (var output = new CodedOutputStream(memory, leaveOpen: true))
        {
            foreach (var filter in DeviceFilters) { output.WriteTag(4, WireFormat.WireType.LengthDelimited); output.WriteString(filter); }
            if (IntraOpParallelismThreads != 0) { output.WriteTag(2, WireFormat.WireType.Varint); output.WriteInt32(IntraOpParallelismThreads); }
            if (InterOpParallelismThreads != 0) { output.WriteTag(5, WireFormat.WireType.Varint); output.WriteInt32(InterOpParallelismThreads); }
            if (AllowSoftPlacement) { output.WriteTag(7, WireFormat.WireType.Varint); output.WriteBool(true); }
            if (LogDevicePlacement) { output.WriteTag(8, WireFormat.WireType.Varint); output.WriteBool(true); }
            if (OperationTimeoutInMs != 0) { output.WriteTag(11, WireFormat.WireType.Varint); output.WriteInt64(OperationTimeoutInMs); }
        }
        return memory.ToArray();
    }

    public override string ToString() =>
        $"intra_op_parallelism_threads={(IntraOpParallelismThreads == 0 ? "default" : IntraOpParallelismThreads)}, " +
        $"inter_op_parallelism_threads={(InterOpParallelismThreads == 0 ? "default" : InterOpParallelismThreads)}";
}
