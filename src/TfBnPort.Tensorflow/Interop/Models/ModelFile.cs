using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;
using SavedModelProto = TfBnPort.Tensorflow.Protos.SavedModel;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// A model file as read from disk, before anything runs: which kind it is (by its name, as TF's tools
/// decide: a directory with saved_model.pb(txt), *.meta, *.pb / *.pbtxt), its parsed protos, the meta
/// graph chosen by tags (SavedModel), and what it says about the TensorFlow that wrote it.
/// </summary>
public sealed class ModelFile
{
    private ModelFile(string path, ModelKind kind, GraphDef graphDef, MetaGraphDef? metaGraph, SavedModelProto? savedModel)
    {
        Path = path;
        Kind = kind;
        GraphDef = graphDef;
        MetaGraph = metaGraph;
        SavedModel = savedModel;
    }

    public string Path { get; }
    public ModelKind Kind { get; }

    /// <summary>The graph (of the chosen meta graph, for a SavedModel).</summary>
    public GraphDef GraphDef { get; }

    /// <summary>The MetaGraphDef of a .meta, or the SavedModel's meta graph matching the tags; null for a GraphDef.</summary>
    public MetaGraphDef? MetaGraph { get; }

    /// <summary>The whole SavedModel proto (every meta graph), for a SavedModel.</summary>
    public SavedModelProto? SavedModel { get; }

    public IReadOnlyDictionary<string, SignatureDef> Signatures =>
        MetaGraph?.SignatureDef ?? (IReadOnlyDictionary<string, SignatureDef>)new Dictionary<string, SignatureDef>();

    /// <summary>"TensorFlow 1.15.0" from meta_info_def, else the GraphDef's producer version (all a bare GraphDef records).</summary>
    public string WrittenBy =>
        MetaGraph?.MetaInfoDef is { TensorflowVersion: { Length: > 0 } version } ? $"TensorFlow {version}"
        : GraphDef.Versions is { } v ? $"a TensorFlow with GraphDef version {v.Producer} (no TensorFlow version is recorded in a GraphDef)"
        : "an unknown TensorFlow (the graph records no version)";

    /// <summary>
    /// Reads <paramref name="path"/>; <paramref name="tags"/> choose a SavedModel's meta graph (default: serve).
    /// Within the parsing limits of <paramref name="options"/> (default: ModelLoadOptions.Safe), and with every
    /// graph in the file checked for what TensorFlow's importer could abort on (GraphDefValidator).
    /// </summary>
    public static ModelFile Read(string path, IEnumerable<string>? tags = null, ModelLoadOptions? options = null)
    {
        var model = ReadUnchecked(path, tags, options ?? ModelLoadOptions.Safe);
        // First the op check that can name the TensorFlow which wrote the graph; the validator's unknown-op refusal cannot.
        ModelOpCheck.Check(model);
        var graphs = model.SavedModel?.MetaGraphs.Select(m => m.GraphDef ?? new GraphDef()) ?? [model.GraphDef];
        foreach (var graph in graphs) GraphDefValidator.Validate(graph, $"'{path}'", path);
        return model;
    }

    /// <summary>The model's own directory: a SavedModel's export directory, else the file's folder.</summary>
    public string Directory => Kind == ModelKind.SavedModel
        ? System.IO.Path.GetFullPath(Path)
        : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    private static ModelFile ReadUnchecked(string path, IEnumerable<string>? tags, ModelLoadOptions options)
    {
        if (System.IO.Directory.Exists(path))
        {
            if (!SavedModelLoader.IsSavedModelDirectory(path))
                throw new ModelFileException($"'{path}' is a directory without saved_model.pb or saved_model.pbtxt: it is not a SavedModel. " +
                                             "Pass a SavedModel directory, a .meta file or a .pb/.pbtxt GraphDef.", path);
            var savedModel = SavedModelLoader.ReadSavedModel(path, options);
            if (savedModel.MetaGraphs.Count == 0) throw new ModelFileException($"The SavedModel '{path}' holds no meta graph.", path);
            var meta = SavedModelLoader.FindMetaGraph(savedModel, tags ?? [TagConstants.SERVING], path);
            return new ModelFile(path, ModelKind.SavedModel, meta.GraphDef ?? new GraphDef(), meta, savedModel);
        }
        if (!File.Exists(path)) throw new ModelFileException($"'{path}' does not exist.", path);
        var name = System.IO.Path.GetFileName(path);
        if (name.EndsWith(".meta", StringComparison.OrdinalIgnoreCase))
        {
            var meta = GraphIO.ReadMessage(path, MetaGraphDef.Parser, "MetaGraphDef", options);
            if (meta.GraphDef is null || meta.GraphDef.Node.Count == 0)
                throw new ModelFileException($"'{path}' is not a MetaGraphDef: it holds no graph_def (a .meta is written by tf.train.Saver.save or tf.train.export_meta_graph).", path);
            return new ModelFile(path, ModelKind.MetaGraph, meta.GraphDef, meta, null);
        }
        if (name.EndsWith(".pb", StringComparison.OrdinalIgnoreCase) || GraphIO.IsTextName(path))
        {
            if (name is SavedModelConstants.SAVED_MODEL_FILENAME_PB or SavedModelConstants.SAVED_MODEL_FILENAME_PBTXT)
                return ReadUnchecked(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, tags, options);
            var graphDef = GraphIO.ReadGraphDef(path, options);
            if (graphDef.Node.Count == 0)
                throw new ModelFileException($"'{path}' is not a GraphDef: it holds no node.", path);
            return new ModelFile(path, ModelKind.GraphDef, graphDef, null, null);
        }
        throw new ModelFileException($"'{path}' is not a model file this tool reads: expected a SavedModel directory, a .meta " +
                                     "(MetaGraphDef) or a .pb/.pbtxt (GraphDef).", path);
    }
}
