using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>The op types the loaded TensorFlow runtime knows (TF_GetAllOpList), read once.</summary>
public static class OpRegistry
{
    private static readonly Lazy<HashSet<string>> Known = new(ReadRegistry);

    private static unsafe HashSet<string> ReadRegistry()
    {
        var buffer = TfNative.TF_GetAllOpList();
        try
        {
            var b = (TF_Buffer*)buffer;
            var bytes = new ReadOnlySpan<byte>((void*)b->data, checked((int)b->length)).ToArray();
            return OpList.Parser.ParseFrom(bytes).Op.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            TfNative.TF_DeleteBuffer(buffer);
        }
    }

    public static bool IsKnown(string opType) => Known.Value.Contains(opType);

    /// <summary>
    /// Refuses a graph with an op this runtime lacks, naming the op, the node, and the TensorFlow that wrote
    /// the graph (importing it would fail later with a less helpful message). Functions' own ops count too.
    /// </summary>
    public static void CheckGraph(ModelFile model)
    {
        var functions = model.GraphDef.Library?.Function.Select(f => f.Signature?.Name).OfType<string>().ToHashSet() ?? [];
        var nodes = model.GraphDef.Node.Concat(model.GraphDef.Library?.Function.SelectMany(f => f.NodeDef) ?? []);
        var unknown = nodes.FirstOrDefault(n => !IsKnown(n.Op) && !functions.Contains(n.Op));
        if (unknown is null) return;
        throw new ModelFileException(
            $"'{model.Path}' uses op '{unknown.Op}' (node '{unknown.Name}'), which TensorFlow {tf.VERSION} does not have; " +
            $"the graph was written by {model.WrittenBy}. Load it with that TensorFlow version, or re-export the model without that op.", model.Path);
    }
}
