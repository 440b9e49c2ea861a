using Google.Protobuf;
using TfBnPort.Tensorflow.ControlFlow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// TF 1.15's saver.import_meta_graph (meta_graph.import_scoped_meta_graph_with_return_elements): imports the
/// graph (attributes a newer producer added with their default values are dropped first, as
/// producer_op_list does), restores the collections in Python's order (trainable_variables first, then
/// by key) with one Variable object per VariableDef, rebuilds the tf.cond contexts, and returns the Saver
/// its saver_def describes (or a new Saver when there is none but there are variables; else null).
/// </summary>
public static class MetaGraphImporter
{
    public static Saver? Import(Graph graph, MetaGraphDef meta, bool clearDevices = false, string? importScope = null)
    {
        if (meta is null) throw new TypeError("meta_graph_or_file must be a MetaGraphDef or the path of a .meta file.");
        if (meta.GraphDef is null) throw new ValueError("The MetaGraphDef has no graph_def.");
        var graphDef = meta.GraphDef.Clone();
        if (clearDevices) foreach (var node in graphDef.Node) node.Device = "";
        if (meta.MetaInfoDef?.StrippedOpList is { } producerOps) RemoveUnknownDefaultAttrs(graphDef, producerOps);

        using var _ = graph.as_default();
        var scope = graph.UniqueName(importScope ?? "", markAsUsed: false);
        try
        {
            GraphDefImporter.Import(graph, graphDef, null, null, string.IsNullOrEmpty(importScope) ? scope : importScope);
        }
        catch (Native.TensorflowException e) when (e.Code == Native.TF_Code.NotFound)
        {
            var writer = meta.MetaInfoDef?.TensorflowVersion is { Length: > 0 } v ? $"TensorFlow {v}" : "an unknown TensorFlow version";
            throw new ValueError($"The meta graph (written by {writer}) uses an op this runtime (TensorFlow {tf.VERSION}) does not know: {e.Message}");
        }
        RestoreCollections(graph, meta, scope);

        var variables = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES, scope.Length > 0 ? scope : null).OfType<Variable>().ToList();
        if (meta.SaverDef is { } saverDef)
        {
            // saver.py: the scope is read off a variable's name, and prefixed to the saver_def's names.
            var saverScope = importScope;
            if (variables.Count > 0)
            {
                var sample = variables[0];
                var key = CondContext.StripScope(sample.Name, scope);
                saverScope = sample.Name[..^key.Length];
            }
            return SaverFromDef(graph, saverDef, saverScope);
        }
        return variables.Count > 0 ? tf.train.Saver() : null;
    }

    /// <summary>importer._RemoveDefaultAttrs: an attribute this runtime's OpDef lacks is dropped when it has the producer's default value.</summary>
    private static void RemoveUnknownDefaultAttrs(GraphDef graphDef, OpList producerOps)
    {
        var producer = producerOps.Op.GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var node in graphDef.Node)
        {
            if (!producer.TryGetValue(node.Op, out var producerDef) || !OpRegistry.Registered.TryGetValue(node.Op, out var consumerDef)) continue;
            foreach (var key in node.Attr.Keys.ToList())
            {
                if (consumerDef.Attr.Any(a => a.Name == key)) continue;
                var attrDef = producerDef.Attr.FirstOrDefault(a => a.Name == key);
                if (attrDef?.DefaultValue is { } defaultValue && node.Attr[key].Equals(defaultValue)) node.Attr.Remove(key);
            }
        }
    }

    private static void RestoreCollections(Graph graph, MetaGraphDef meta, string scope)
    {
        var tfVersion = meta.MetaInfoDef?.TensorflowVersion ?? "";
        // Before TF 1.9 VariableDef had no trainable field: membership of trainable_variables said it.
        var variablesHaveTrainable = tfVersion.Length == 0 || !VersionBefore(tfVersion, 1, 9);
        var ordered = meta.CollectionDef.Where(kv => kv.Key == GraphKeys.TRAINABLE_VARIABLES)
            .Concat(meta.CollectionDef.Where(kv => kv.Key != GraphKeys.TRAINABLE_VARIABLES).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        var variableObjects = new Dictionary<ByteString, Variable>();
        string Scoped(string name) => CondContext.PrependScope(name, scope);

        foreach (var (key, def) in ordered)
        {
            switch (def.KindCase)
            {
                case CollectionDef.KindOneofCase.BytesList when MetaGraphExporter.VariableCollections.Contains(key):
                    foreach (var bytes in def.BytesList.Value)
                    {
                        if (!variableObjects.TryGetValue(bytes, out var variable))
                        {
                            var proto = VariableDef.Parser.ParseFrom(bytes);
                            if (!variablesHaveTrainable) proto.Trainable = key == GraphKeys.TRAINABLE_VARIABLES;
                            variableObjects[bytes] = variable = VariableDefs.FromProto(graph, proto, scope);
                        }
                        graph.AddToCollection(key, variable);
                    }
                    break;
                case CollectionDef.KindOneofCase.BytesList when key == GraphKeys.COND_CONTEXT:
                    foreach (var bytes in def.BytesList.Value)
                        graph.AddToCollection(key, CondContext.FromProto(graph, CondContextDef.Parser.ParseFrom(bytes), scope));
                    break;
                case CollectionDef.KindOneofCase.BytesList when key == GraphKeys.SAVERS:
                    foreach (var bytes in def.BytesList.Value)
                        graph.AddToCollection(key, SaverFromDef(graph, SaverDef.Parser.ParseFrom(bytes), scope));
                    break;
                case CollectionDef.KindOneofCase.BytesList when key is GraphKeys.WHILE_CONTEXT or "queue_runners":
                    // tf.while_loop contexts and queue runners have no C# counterpart here; their ops are imported all the same.
                    break;
                case CollectionDef.KindOneofCase.BytesList:
                    foreach (var bytes in def.BytesList.Value) graph.AddToCollection(key, Scoped(bytes.ToStringUtf8()));
                    break;
                case CollectionDef.KindOneofCase.NodeList:
                    foreach (var name in def.NodeList.Value) graph.AddToCollection(key, graph.AsGraphElement(Scoped(name)));
                    break;
                case CollectionDef.KindOneofCase.Int64List:
                    foreach (var value in def.Int64List.Value) graph.AddToCollection(key, value);
                    break;
                case CollectionDef.KindOneofCase.FloatList:
                    foreach (var value in def.FloatList.Value) graph.AddToCollection(key, value);
                    break;
                case CollectionDef.KindOneofCase.AnyList:
                    foreach (var value in def.AnyList.Value) graph.AddToCollection(key, value);
                    break;
                default:
                    break; // Python logs "Cannot identify data type for collection" and skips it
            }
        }
    }

    /// <summary>Saver(saver_def=..., name=scope) over the imported save/restore ops.</summary>
    internal static Saver SaverFromDef(Graph graph, SaverDef saverDef, string? scope)
    {
        if (string.IsNullOrEmpty(saverDef.SaveTensorName)) throw new ValueError($"saver_def must specify the save_tensor_name: {saverDef}");
        if (string.IsNullOrEmpty(saverDef.RestoreOpName)) throw new ValueError($"saver_def must specify the restore_op_name: {saverDef}");
        if (saverDef.Version != SaverDef.Types.CheckpointFormatVersion.V2)
            throw new ValueError($"The saver_def uses the {saverDef.Version} checkpoint format; this port reads and writes V2 checkpoints only (tf.train.Saver's default since TF 1.0): re-save the model in Python with tf.train.Saver(write_version=tf.train.SaverDef.V2).");
        string Scoped(string name) => CondContext.PrependScope(name, scope);
        var ops = new SaverGraph(graph.get_tensor_by_name(Scoped(saverDef.FilenameTensorName)),
            graph.get_tensor_by_name(Scoped(saverDef.SaveTensorName)), graph.get_operation_by_name(Scoped(saverDef.RestoreOpName)));
        return new Saver(graph, ops, ImportedSaverEntries.Trace(graph, ops.RestoreOp), saverDef);
    }

    private static bool VersionBefore(string version, int major, int minor)
    {
        var parts = version.Split('.', '-');
        return int.TryParse(parts[0], out var ma) && parts.Length > 1 && int.TryParse(parts[1], out var mi) && (ma < major || (ma == major && mi < minor));
    }
}
