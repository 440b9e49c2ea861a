using Google.Protobuf;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The BundleHeaderProto under the index's empty key: num_shards 1, endianness 2, version 3
/// (VersionDef: producer 1, min_consumer 2, bad_consumers 3). Refuses what BundleReader refuses
/// (CheckVersions), so that our own reader accepts no more than TensorFlow's.
/// </summary>
internal static class CheckpointHeader
{
    private const int ConsumerVersion = 1; // kTensorBundleVersion of TF 1.15
    private const int MinProducer = 0;     // kTensorBundleMinProducer

    /// <summary>The number of data shards; throws <see cref="InvalidDataException"/> for a header TensorFlow would refuse.</summary>
    public static int Parse(byte[] bytes)
    {
        int numShards = 0, endianness = 0;
        var version = new List<byte>(); // repeated occurrences of a message field merge, i.e. their bytes concatenate
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: numShards = input.ReadInt32(); break;
                case 16: endianness = input.ReadEnum(); break;
                case 26: version.AddRange(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }
        if (numShards < 1) throw new InvalidDataException($"the header gives {numShards} shards");
        if (endianness != 0) throw new InvalidDataException("the checkpoint was written on a big-endian machine");
        CheckVersion(version.ToArray());
        return numShards;
    }

    private static void CheckVersion(byte[] bytes)
    {
        int producer = 0, minConsumer = 0;
        var badConsumers = new List<int>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: producer = input.ReadInt32(); break;
                case 16: minConsumer = input.ReadInt32(); break;
                case 24: badConsumers.Add(input.ReadInt32()); break;
                case 26: // packed
                    var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!packed.IsAtEnd) badConsumers.Add(packed.ReadInt32());
                    break;
                default: input.SkipLastField(); break;
            }
        }
        if (producer < MinProducer) throw new InvalidDataException($"its producer version {producer} is below {MinProducer}");
        if (minConsumer > ConsumerVersion)
            throw new InvalidDataException($"it needs a reader of format version {minConsumer}; TensorFlow 1.15 reads version {ConsumerVersion}");
        if (badConsumers.Contains(ConsumerVersion))
            throw new InvalidDataException($"it disallows readers of format version {ConsumerVersion}, TensorFlow 1.15's");
    }
}
