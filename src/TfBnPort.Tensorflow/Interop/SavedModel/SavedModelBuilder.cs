using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;
using SavedModelProto = TfBnPort.Tensorflow.Protos.SavedModel;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// tf.saved_model.builder.SavedModelBuilder (TF 1.15's builder_impl.py): writes
///   EXPORT_DIR/saved_model.pb (or .pbtxt)  — a SavedModel proto, schema version 1, one MetaGraphDef per add
///   EXPORT_DIR/variables/variables.index + variables.data-00000-of-00001 — a V2 checkpoint of every global variable
/// with the MetaGraphDef's saver_def naming the Saver that restores them (what TF's loader runs).
/// As TF does, an existing non-empty export directory is refused. Unlike TF, everything is written into a
/// temporary sibling directory that <see cref="save"/> renames to EXPORT_DIR: a failure leaves nothing behind.
/// </summary>
public sealed class SavedModelBuilder : IDisposable
{
    private readonly SavedModelProto _savedModel = new() { SavedModelSchemaVersion = SavedModelConstants.SAVED_MODEL_SCHEMA_VERSION };
    private readonly string _exportDir;
    private readonly string _stagingDir;
    private bool _hasSavedVariables;
    private bool _saved;

    public SavedModelBuilder(string export_dir)
    {
        if (string.IsNullOrWhiteSpace(export_dir)) throw new ValueError("export_dir must name a directory.");
        _exportDir = Path.GetFullPath(export_dir);
        RefuseNonEmpty(_exportDir);
        var parent = Path.GetDirectoryName(_exportDir)!;
        Directory.CreateDirectory(parent);
        _stagingDir = Path.Combine(parent, $".{Path.GetFileName(_exportDir)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_stagingDir);
    }

    public string ExportDir => _exportDir;

    /// <summary>
    /// Saves the variables of <paramref name="sess"/>'s graph and adds its MetaGraphDef with <paramref name="tags"/>
    /// and <paramref name="signature_def_map"/>. <paramref name="clear_devices"/> empties every node's device.
    /// <paramref name="saver"/> (as in TF 1.15's builder) saves the variables and names the restore in saver_def;
    /// null makes one over all global variables. Passing the graph's own Saver keeps a single saver in the graph.
    /// </summary>
    public void add_meta_graph_and_variables(Session sess, IEnumerable<string> tags, IDictionary<string, SignatureDef>? signature_def_map = null,
        bool clear_devices = false, Saver? saver = null)
    {
        if (_saved) throw new ValueError("This SavedModelBuilder has already saved its SavedModel; create a new one.");
        if (_hasSavedVariables)
            throw new ValueError("Graph state including variables and assets has already been saved. Please invoke `add_meta_graph()` instead.");
        var tagList = tags.ToList();
        var signatures = signature_def_map ?? new Dictionary<string, SignatureDef>();
        ValidateSignatureDefMap(signatures);
        try
        {
            AddCore(sess, tagList, signatures, clear_devices, saver);
        }
        catch
        {
            Dispose(); // nothing half-written stays behind
            throw;
        }
    }

    private void AddCore(Session sess, List<string> tagList, IDictionary<string, SignatureDef> signatures, bool clear_devices, Saver? givenSaver)
    {
        var graph = sess.Graph;

        var variablesDir = Path.Combine(_stagingDir, SavedModelConstants.VARIABLES_DIRECTORY);
        Directory.CreateDirectory(variablesDir);
        SaverDef? saverDef = null;
        var variables = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).OfType<Variable>().ToList();
        if (variables.Count > 0)
        {
            // The caller's Saver, else one of its own (as TF's builder), under the next free "save" scope.
            var saver = givenSaver;
            if (saver is null)
                using (graph.as_default()) saver = tf.train.Saver(variables);
            saverDef = saver.saver_def;
            saver.save(sess, Path.Combine(variablesDir, SavedModelConstants.VARIABLES_FILENAME), write_meta_graph: false);
            // TF saves with write_state=False: a SavedModel's variables/ holds the checkpoint files only.
            foreach (var extra in Directory.EnumerateFiles(variablesDir).Where(f => !IsCheckpointFile(f)).ToList()) File.Delete(extra);
        }
        var metaGraph = tf.train.export_meta_graph(graph: graph, clear_devices: clear_devices, saver_def: saverDef);
        metaGraph.MetaInfoDef.Tags.AddRange(tagList);
        foreach (var (key, signature) in signatures) metaGraph.SignatureDef[key] = signature.Clone();
        _savedModel.MetaGraphs.Add(metaGraph);
        _hasSavedVariables = true;
    }

    /// <summary>Writes saved_model.pb (or, with <paramref name="as_text"/>, saved_model.pbtxt) and moves the directory into place; returns the file's path.</summary>
    public string save(bool as_text = false)
    {
        if (_saved) throw new ValueError("This SavedModelBuilder has already saved its SavedModel; create a new one.");
        var fileName = as_text ? SavedModelConstants.SAVED_MODEL_FILENAME_PBTXT : SavedModelConstants.SAVED_MODEL_FILENAME_PB;
        var bytes = as_text ? System.Text.Encoding.UTF8.GetBytes(TextFormat.Print(_savedModel)) : _savedModel.ToByteArray();
        File.WriteAllBytes(Path.Combine(_stagingDir, fileName), bytes);
        RefuseNonEmpty(_exportDir); // someone may have written there meanwhile
        if (Directory.Exists(_exportDir)) Directory.Delete(_exportDir);
        Directory.Move(_stagingDir, _exportDir);
        _saved = true;
        return Path.Combine(_exportDir, fileName);
    }

    /// <summary>Removes the staging directory of a builder that never saved.</summary>
    public void Dispose()
    {
        if (!_saved && Directory.Exists(_stagingDir)) Directory.Delete(_stagingDir, recursive: true);
        _saved |= !Directory.Exists(_stagingDir);
    }

    private static bool IsCheckpointFile(string path)
    {
        var name = Path.GetFileName(path);
        return name == "variables.index" || name.StartsWith("variables.data-", StringComparison.Ordinal);
    }

    private static void RefuseNonEmpty(string exportDir)
    {
        if (File.Exists(exportDir))
            throw new ValueError($"Export directory {exportDir} is a file, not a directory. Please choose a different export directory.");
        if (Directory.Exists(exportDir) && Directory.EnumerateFileSystemEntries(exportDir).Any())
            throw new ValueError("Export directory already exists, and isn't empty. Please choose a different export directory, " +
                                 $"or delete all the contents of the specified directory: {exportDir}");
    }

    private static void ValidateSignatureDefMap(IDictionary<string, SignatureDef> map)
    {
        foreach (var signature in map.Values)
            foreach (var info in signature.Inputs.Values.Concat(signature.Outputs.Values))
            {
                if (info.EncodingCase == TensorInfo.EncodingOneofCase.None)
                    throw new ValueError($"All TensorInfo protos used in the SignatureDefs must have one of the 'encoding' fields (e.g., name or coo_sparse) set: {info}");
                if (info.Dtype == DataType.DtInvalid)
                    throw new ValueError($"All TensorInfo protos used in the SignatureDefs must have the dtype field set: {info}");
            }
        if (map.ContainsKey(SavedModelConstants.INIT_OP_SIGNATURE_KEY))
            throw new KeyError($"SignatureDef map key \"{SavedModelConstants.INIT_OP_SIGNATURE_KEY}\" is reserved for initialization. Please use a different key.");
        if (map.ContainsKey(SavedModelConstants.TRAIN_OP_SIGNATURE_KEY))
            throw new KeyError($"SignatureDef map key \"{SavedModelConstants.TRAIN_OP_SIGNATURE_KEY}\" is reserved for the train op. Please use a different key.");
    }
}
