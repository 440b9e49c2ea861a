using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// A session running a <see cref="ModelFile"/>: a SavedModel through TensorFlow's loader; a GraphDef
/// imported as it is (a frozen graph needs nothing else); a .meta imported and its variables restored
/// from a checkpoint by its own saver_def — feed the prefix to filename_tensor_name, run restore_op_name —
/// which is what TensorFlow's loaders do with it.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private ModelSession(ModelFile model, Graph graph, Session session, string? checkpoint)
    {
        Model = model;
        Graph = graph;
        Session = session;
        Checkpoint = checkpoint;
    }

    public ModelFile Model { get; }
    public Graph Graph { get; }
    public Session Session { get; }

    /// <summary>The checkpoint prefix restored (a .meta), else null.</summary>
    public string? Checkpoint { get; }

    /// <summary>
    /// Opens <paramref name="model"/>. <paramref name="checkpoint"/> (a .meta only): a prefix, one of its files
    /// or a directory; by default the prefix the `checkpoint` state file beside the .meta names, else the .meta's own prefix.
    /// A model from a file is a program: before the session exists, it is checked against <paramref name="options"/>
    /// (default ModelLoadOptions.Safe: pure-computation ops only, checkpoint paths inside the model's directory).
    /// </summary>
    public static ModelSession Open(ModelFile model, string? checkpoint = null, IEnumerable<string>? tags = null, ModelLoadOptions? options = null)
    {
        ModelSafety.Enforce(model, options ?? ModelLoadOptions.Safe);
        if (checkpoint is not null && model.Kind != ModelKind.MetaGraph)
            throw new ValueError($"--checkpoint applies to a .meta only; '{model.Path}' is a {model.Kind} and carries its own variables.");
        var graph = new Graph();
        Session? session = null;
        try
        {
            session = new Session(graph);
            string? restored = null;
            switch (model.Kind)
            {
                case ModelKind.SavedModel:
                    SavedModelLoader.Load(session, tags ?? model.MetaGraph!.MetaInfoDef.Tags, model.Path);
                    break;
                case ModelKind.GraphDef:
                    using (graph.as_default()) tf.import_graph_def(model.GraphDef, name: "");
                    break;
                case ModelKind.MetaGraph:
                    using (graph.as_default()) tf.import_graph_def(model.GraphDef, name: "");
                    restored = ResolveCheckpoint(model.Path, checkpoint);
                    Restore(model, session, restored);
                    break;
            }
            return new ModelSession(model, graph, session, restored);
        }
        catch
        {
            session?.Dispose();
            graph.Dispose();
            throw;
        }
    }

    /// <summary>What the .meta's checkpoint is: the given path, else the state file's latest, else the .meta's own prefix.</summary>
    public static string ResolveCheckpoint(string metaPath, string? checkpoint)
    {
        if (checkpoint is not null)
        {
            if (!Directory.Exists(checkpoint)) return CheckpointPaths.ToPrefix(checkpoint);
            return tf.train.latest_checkpoint(checkpoint) ?? throw new CheckpointException(
                $"'{checkpoint}' is a directory with no usable checkpoint (no 'checkpoint' state file naming existing files); pass a checkpoint prefix.", checkpoint);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(metaPath))!;
        return tf.train.latest_checkpoint(directory) ?? metaPath[..^".meta".Length];
    }

    private static void Restore(ModelFile model, Session session, string prefix)
    {
        var saverDef = model.MetaGraph!.SaverDef;
        if (saverDef is null || string.IsNullOrEmpty(saverDef.RestoreOpName))
            throw new ModelFileException($"'{model.Path}' has no saver_def, so its variables cannot be restored; export it with a tf.train.Saver in the graph.", model.Path);
        if (!File.Exists(CheckpointPaths.IndexFile(prefix)))
            throw new CheckpointException($"The checkpoint '{prefix}' for '{model.Path}' does not exist ({Path.GetFileName(CheckpointPaths.IndexFile(prefix))} is missing). " +
                                          "Pass --checkpoint PREFIX (what saver.save returned).", prefix);
        var filename = session.Graph.get_tensor_by_name(saverDef.FilenameTensorName);
        var restoreOp = session.Graph.get_operation_by_name(saverDef.RestoreOpName);
        try
        {
            session.run(restoreOp, new FeedDict { { filename, prefix } });
        }
        catch (TensorflowException e)
        {
            var first = e.Message.Split('\n')[0].Trim();
            throw new CheckpointException($"The checkpoint '{prefix}' does not match the graph of '{model.Path}': {first} " +
                                          "Restore the checkpoint that was saved with this graph (--checkpoint PREFIX).", prefix, inner: e);
        }
    }

    public void Dispose()
    {
        Session.Dispose();
        Graph.Dispose();
    }
}
