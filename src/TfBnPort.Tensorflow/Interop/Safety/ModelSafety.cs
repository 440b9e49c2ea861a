using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// The model-safety check for graphs from elsewhere (a GraphDef is a program): inspects without
/// running, and refuses before a session exists. <paramref name="directory"/> arguments are the
/// model's own directory (the .pb's or .meta's folder, the SavedModel's export directory): the
/// only place its checkpoint ops may read or write.
/// </summary>
public static class ModelSafety
{
    /// <summary>Every node of <paramref name="graph"/> (and its function library) that is not plain computation.</summary>
    public static ModelSafetyReport Inspect(GraphDef graph, string source, string directory, SaverDef? saver = null, ModelLoadOptions? options = null) =>
        new(source, new GraphSafetyScanner(graph, saver, directory, (options ?? ModelLoadOptions.Safe).MaxTensorBytes).Scan());

    /// <summary>A meta graph: its graph, checked with its saver (the filename tensor the loader feeds) and its asset paths.</summary>
    public static ModelSafetyReport Inspect(MetaGraphDef meta, string source, string directory, ModelLoadOptions? options = null)
    {
        var nodes = new GraphSafetyScanner(meta.GraphDef ?? new GraphDef(), meta.SaverDef, directory, (options ?? ModelLoadOptions.Safe).MaxTensorBytes).Scan();
        nodes.AddRange(ModelPaths.AssetProblems(meta, directory));
        return new ModelSafetyReport(source, nodes);
    }

    /// <summary>Refuses (UnsafeModelException) a graph with anything <paramref name="options"/> does not allow; does nothing when trusted.</summary>
    public static void Enforce(GraphDef graph, string source, string directory, SaverDef? saver, ModelLoadOptions options)
    {
        if (options.TrustModel) return;
        Inspect(graph, source, directory, saver, options).ThrowIfRefused(options);
    }

    /// <summary>Refuses a meta graph with anything <paramref name="options"/> does not allow; does nothing when trusted.</summary>
    public static void Enforce(MetaGraphDef meta, string source, string directory, ModelLoadOptions options)
    {
        if (options.TrustModel) return;
        Inspect(meta, source, directory, options).ThrowIfRefused(options);
    }
}
