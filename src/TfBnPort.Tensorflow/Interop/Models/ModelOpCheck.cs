namespace TfBnPort.Tensorflow.Interop;

/// <summary>Refuses, before any import, a model that needs an op the loaded TensorFlow runtime does not register.</summary>
public static class ModelOpCheck
{
    /// <summary>
    /// Throws for the first node (of the graph or of its function library) whose op this runtime lacks, naming
    /// the op, the node and the TensorFlow that wrote the graph; importing it would fail later, less clearly.
    /// </summary>
    public static void Check(ModelFile model)
    {
        var functions = model.GraphDef.Library?.Function.Select(f => f.Signature?.Name).OfType<string>().ToHashSet() ?? [];
        var nodes = model.GraphDef.Node.Concat(model.GraphDef.Library?.Function.SelectMany(f => f.NodeDef) ?? []);
        var unknown = nodes.FirstOrDefault(n => !OpRegistry.Registered.ContainsKey(n.Op) && !functions.Contains(n.Op));
        if (unknown is null) return;
        throw new ModelFileException(
            $"'{model.Path}' uses op '{unknown.Op}' (node '{unknown.Name}'), which TensorFlow {tf.VERSION} does not have; " +
            $"the graph was written by {model.WrittenBy}. Load it with that TensorFlow version, or re-export the model without that op.", model.Path);
    }
}
