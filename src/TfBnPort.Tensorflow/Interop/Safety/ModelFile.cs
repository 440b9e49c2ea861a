using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// A model file from elsewhere, read within the parsing limits and checked against everything
/// TensorFlow's importer could abort on, but not imported and not run: a frozen GraphDef (.pb),
/// a MetaGraphDef (.meta), or a SavedModel (its directory or its saved_model.pb). <see cref="Inspect"/>
/// lists what `show` reports; <see cref="Enforce"/> is the check before a session is created.
/// </summary>
public sealed class ModelFile
{
    public const string SavedModelFileName = "saved_model.pb";

    private ModelFile(string path, string directory, string kind, IReadOnlyList<MetaGraphDef> metaGraphs, GraphDef? frozen)
    {
        (Path, Directory, Kind, MetaGraphs, FrozenGraph) = (path, directory, kind, metaGraphs, frozen);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The model's own directory: the only place its checkpoint ops may touch.</summary>
    public string Directory { get; }

    /// <summary>"frozen graph", "meta graph" or "SavedModel".</summary>
    public string Kind { get; }

    /// <summary>The meta graphs of a .meta (one) or a SavedModel (one per tag set); empty for a frozen graph.</summary>
    public IReadOnlyList<MetaGraphDef> MetaGraphs { get; }

    /// <summary>The GraphDef of a frozen graph (null otherwise).</summary>
    public GraphDef? FrozenGraph { get; }

    /// <summary>Reads <paramref name="path"/> (a .meta, a SavedModel directory or saved_model.pb, else a binary GraphDef).</summary>
    public static ModelFile Read(string path, ModelLoadOptions? options = null)
    {
        options ??= ModelLoadOptions.Safe;
        if (System.IO.Directory.Exists(path)) path = System.IO.Path.Combine(path, SavedModelFileName);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        var source = $"'{path}'";
        ModelFile model;
        if (System.IO.Path.GetFileName(full) == SavedModelFileName)
        {
            var saved = ModelProtoReader.ReadSavedModel(path, options);
            if (saved.MetaGraphs.Count == 0) throw new ModelFormatException($"{source} is a SavedModel without meta graphs: there is nothing to load.", path);
            model = new ModelFile(path, directory, "SavedModel", saved.MetaGraphs, null);
        }
        else if (full.EndsWith(".meta", StringComparison.Ordinal))
            model = new ModelFile(path, directory, "meta graph", [ModelProtoReader.ReadMetaGraphDef(path, options)], null);
        else
            model = new ModelFile(path, directory, "frozen graph", [], ModelProtoReader.ReadGraphDef(path, options));
        foreach (var graph in model.Graphs()) GraphDefValidator.Validate(graph, source, path);
        return model;
    }

    /// <summary>Every node that is not plain computation, in every graph of the file; runs nothing.</summary>
    public ModelSafetyReport Inspect(ModelLoadOptions? options = null)
    {
        if (FrozenGraph is not null) return ModelSafety.Inspect(FrozenGraph, Path, Directory, saver: null, options);
        var nodes = new List<RiskyNode>();
        foreach (var meta in MetaGraphs)
        {
            var found = ModelSafety.Inspect(meta, Path, Directory, options).Nodes;
            var tags = MetaGraphs.Count > 1 ? $"[{string.Join(",", meta.MetaInfoDef?.Tags ?? [])}] " : "";
            nodes.AddRange(found.Select(n => n with { Node = tags + n.Node }));
        }
        return new ModelSafetyReport(Path, nodes);
    }

    /// <summary>Refuses (UnsafeModelException) what <paramref name="options"/> does not allow; call before creating a session.</summary>
    public void Enforce(ModelLoadOptions options)
    {
        if (!options.TrustModel) Inspect(options).ThrowIfRefused(options);
    }

    /// <summary>
    /// Checks the model against <paramref name="options"/> (refusing before anything runs) and imports
    /// its graph into <paramref name="graph"/> with tf.import_graph_def: the frozen graph, or the graph
    /// of the meta graph at <paramref name="metaGraph"/> (its saver and collections are import_meta_graph's part).
    /// </summary>
    public void ImportInto(Graph graph, ModelLoadOptions options, int metaGraph = 0, string? name = "")
    {
        Enforce(options);
        var graphDef = FrozenGraph ?? MetaGraphs[metaGraph].GraphDef ?? new GraphDef();
        using var _ = graph.as_default();
        tf.import_graph_def(graphDef, name: name);
    }

    private IEnumerable<GraphDef> Graphs() =>
        FrozenGraph is not null ? [FrozenGraph] : MetaGraphs.Select(m => m.GraphDef ?? new GraphDef());
}
