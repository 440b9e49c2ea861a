using System.Runtime.InteropServices;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;
using SavedModelProto = TfBnPort.Tensorflow.Protos.SavedModel;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// tf.saved_model.loader.load through TensorFlow's own C++ loader (TF_LoadSessionFromSavedModel): it
/// reads saved_model.pb(txt), picks the meta graph whose tags match, imports its graph, runs the
/// saver_def's restore op on variables/variables and any main op. So whatever this project writes is
/// judged by TensorFlow itself. The files are read here first only to fail with a clear message.
/// </summary>
public static class SavedModelLoader
{
    /// <summary>True when <paramref name="path"/> is a directory holding saved_model.pb or saved_model.pbtxt.</summary>
    public static bool IsSavedModelDirectory(string path) =>
        Directory.Exists(path) && (File.Exists(Path.Combine(path, SavedModelConstants.SAVED_MODEL_FILENAME_PB)) ||
                                   File.Exists(Path.Combine(path, SavedModelConstants.SAVED_MODEL_FILENAME_PBTXT)));

    /// <summary>Reads EXPORT_DIR/saved_model.pb (or .pbtxt), as loader_impl.parse_saved_model does.</summary>
    public static SavedModelProto ReadSavedModel(string export_dir, Safety.ModelLoadOptions? limits = null)
    {
        var pb = Path.Combine(export_dir, SavedModelConstants.SAVED_MODEL_FILENAME_PB);
        var pbtxt = Path.Combine(export_dir, SavedModelConstants.SAVED_MODEL_FILENAME_PBTXT);
        if (File.Exists(pb)) return GraphIO.ReadMessage(pb, SavedModelProto.Parser, "SavedModel", limits);
        if (File.Exists(pbtxt)) return GraphIO.ReadMessage(pbtxt, SavedModelProto.Parser, "SavedModel", limits);
        throw new ModelFileException($"SavedModel file does not exist at: {export_dir}/{{{SavedModelConstants.SAVED_MODEL_FILENAME_PBTXT}|{SavedModelConstants.SAVED_MODEL_FILENAME_PB}}}", export_dir);
    }

    /// <summary>The meta graph whose tag set equals <paramref name="tags"/> (loader_impl.get_meta_graph_def_from_tags).</summary>
    public static MetaGraphDef FindMetaGraph(SavedModelProto savedModel, IEnumerable<string> tags, string export_dir)
    {
        var wanted = tags.ToHashSet();
        var found = savedModel.MetaGraphs.FirstOrDefault(m => m.MetaInfoDef?.Tags.ToHashSet().SetEquals(wanted) == true);
        if (found is not null) return found;
        var available = savedModel.MetaGraphs.Select(m => "[" + string.Join(", ", (m.MetaInfoDef?.Tags ?? []).Select(t => $"'{t}'")) + "]");
        throw new ModelFileException(
            $"MetaGraphDef associated with tags {string.Join(", ", wanted.Select(t => $"'{t}'"))} could not be found in SavedModel '{export_dir}'. " +
            $"Its tag-sets: {string.Join(" ", available)}. Pass one of those.", export_dir);
    }

    /// <summary>
    /// Loads the SavedModel in <paramref name="export_dir"/> into <paramref name="sess"/> (whose graph must still
    /// be empty) and returns the MetaGraphDef TensorFlow loaded, signatures included; the session then runs
    /// the loaded graph with its variables restored.
    /// </summary>
    public static MetaGraphDef Load(Session sess, IEnumerable<string> tags, string export_dir)
    {
        var tagList = tags.ToList();
        if (!Directory.Exists(export_dir)) throw new ModelFileException($"SavedModel directory '{export_dir}' does not exist.", export_dir);
        FindMetaGraph(ReadSavedModel(export_dir), tagList, export_dir);
        if (sess.Graph.Operations.Count > 0)
            throw new ValueError($"loader.load needs a session on an empty graph (TensorFlow's loader imports the SavedModel into it); " +
                                 $"this one already has {sess.Graph.Operations.Count} operations. Use tf.Session(new Graph()).");
        var metaGraphBytes = LoadNative(sess, tagList, Path.GetFullPath(export_dir));
        sess.Graph.RegisterNewOperations();
        return MetaGraphDef.Parser.ParseFrom(metaGraphBytes);
    }

    private static unsafe byte[] LoadNative(Session sess, List<string> tags, string exportDir)
    {
        var tagPointers = tags.Select(t => Marshal.StringToCoTaskMemUTF8(t)).ToArray();
        using var buffer = SafeBufferHandle.Create();
        try
        {
            sess.ReplaceWithLoaded((graph, options, status) =>
            {
                fixed (IntPtr* p = tagPointers)
                    return TfNative.TF_LoadSessionFromSavedModel(options, IntPtr.Zero, exportDir, p, tagPointers.Length,
                        graph, buffer.DangerousGetHandle(), status.Handle);
            });
        }
        catch (TensorflowException e)
        {
            throw new ModelFileException($"TensorFlow could not load the SavedModel '{exportDir}': {e.Message}", exportDir, e);
        }
        finally
        {
            foreach (var p in tagPointers) Marshal.FreeCoTaskMem(p);
        }
        return buffer.ToArray();
    }
}
