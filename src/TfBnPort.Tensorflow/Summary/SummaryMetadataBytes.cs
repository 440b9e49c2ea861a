using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>The serialized SummaryMetadata that tells TensorBoard which plugin reads a tensor summary.</summary>
internal static class SummaryMetadataBytes
{
    public static byte[] ForPlugin(string pluginName) =>
        new SummaryMetadata { PluginData = new SummaryMetadata.Types.PluginData { PluginName = pluginName } }.ToByteArray();
}
