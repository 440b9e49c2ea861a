using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// The model-safety check for graphs from elsewhere (a GraphDef is a program): inspects without
/// running, and refuses before a session exists. The <c>directory</c> arguments are the
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

    /// <summary>
    /// What `show` lists: every flagged node in every graph of <paramref name="model"/> (each meta graph
    /// of a SavedModel, tag-prefixed when there are several). Runs nothing.
    /// </summary>
    public static ModelSafetyReport Inspect(ModelFile model, ModelLoadOptions? options = null)
    {
        if (model.MetaGraph is null) return Inspect(model.GraphDef, model.Path, model.Directory, saver: null, options);
        var metas = model.SavedModel?.MetaGraphs.ToList() ?? [model.MetaGraph];
        var nodes = new List<RiskyNode>();
        foreach (var meta in metas)
        {
            var tags = metas.Count > 1 ? $"[{string.Join(",", meta.MetaInfoDef?.Tags ?? [])}] " : "";
            nodes.AddRange(Inspect(meta, model.Path, model.Directory, options).Nodes.Select(n => n with { Node = tags + n.Node }));
        }
        return new ModelSafetyReport(model.Path, nodes);
    }

    /// <summary>
    /// The check before a session is created on <paramref name="model"/>: the graph that will run (a
    /// SavedModel's chosen meta graph) and, for a .meta, the checkpoint paths its `checkpoint` state file
    /// names. Throws <see cref="UnsafeModelException"/> for anything <paramref name="options"/> does not allow.
    /// </summary>
    public static void Enforce(ModelFile model, ModelLoadOptions options)
    {
        if (options.TrustModel) return;
        if (model.MetaGraph is { } meta) Enforce(meta, model.Path, model.Directory, options);
        else Enforce(model.GraphDef, model.Path, model.Directory, saver: null, options);
        if (model.Kind == ModelKind.MetaGraph) ModelPaths.EnforceCheckpointInside(model.Directory, null, model.Path, options);
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
