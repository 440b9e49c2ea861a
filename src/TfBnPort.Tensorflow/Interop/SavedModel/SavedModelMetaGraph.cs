using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// The MetaGraphDef a SavedModel carries for one graph: meta_info_def (the TensorFlow version that
/// wrote it), the graph_def (devices cleared on request, as export_meta_graph(clear_devices=True)
/// does) and the saver_def of the Saver that wrote variables/variables.
/// </summary>
internal static class SavedModelMetaGraph
{
    public static MetaGraphDef Export(Graph graph, SaverDef saverDef, bool clearDevices)
    {
        var graphDef = GraphDef.Parser.ParseFrom(graph.ToGraphDef());
        if (clearDevices) foreach (var node in graphDef.Node) node.Device = "";
        return new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { TensorflowVersion = tf.VERSION },
            GraphDef = graphDef,
            SaverDef = saverDef,
        };
    }

    /// <summary>
    /// The SaverDef of a Saver built just now in <paramref name="graph"/> (after <paramref name="opsBefore"/> ops):
    /// its ops are SCOPE/Const (the prefix fed), SCOPE/control_dependency (runs the save), SCOPE/restore_all,
    /// as saver.py's BulkSaverBuilder names them and SaverGraph builds them; TF's loader feeds and runs exactly these.
    /// </summary>
    public static SaverDef SaverDefOfNewSaver(Graph graph, int opsBefore, int maxToKeep)
    {
        var restore = graph.Operations.Skip(opsBefore).LastOrDefault(op => op.Type == "NoOp" && op.Name.EndsWith("/restore_all", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The Saver built for the SavedModel has no restore_all op.");
        var scope = restore.Name[..^"/restore_all".Length];
        return new SaverDef
        {
            FilenameTensorName = $"{scope}/Const:0",
            SaveTensorName = $"{scope}/control_dependency:0",
            RestoreOpName = restore.Name,
            MaxToKeep = maxToKeep,
            Sharded = false,
            KeepCheckpointEveryNHours = 10000f,
            Version = SaverDef.Types.CheckpointFormatVersion.V2,
        };
    }
}
