using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// The paths a model's files name besides its graph: a SavedModel's asset files and the
/// `checkpoint` state file beside a .meta. For a model from elsewhere, each must stay inside the
/// model's directory (a state file naming /home/you/other/model.ckpt would restore, or a later
/// save would overwrite, files the model does not own).
/// </summary>
public static class ModelPaths
{
    /// <summary>Asset files are read from DIR/assets/FILENAME by the loader: a filename with ".." climbing out is flagged.</summary>
    public static IEnumerable<RiskyNode> AssetProblems(MetaGraphDef meta, string directory)
    {
        foreach (var asset in meta.AssetFileDef)
            if (!ModelDirectory.Contains(directory, Path.Join(directory, "assets", asset.Filename)))
                yield return new RiskyNode(asset.TensorInfo?.Name ?? asset.Filename, "asset", OpRisk.FileSystem,
                    $"the asset file '{asset.Filename}' is outside the SavedModel's assets directory");
    }

    /// <summary>
    /// The prefixes the `checkpoint` state file in <paramref name="directory"/> names that lie outside
    /// it (empty when there is no state file or all stay inside).
    /// </summary>
    public static IReadOnlyList<string> EscapingCheckpointStatePaths(string directory)
    {
        var path = Path.Combine(directory, CheckpointPaths.StateFileName);
        if (!File.Exists(path)) return Array.Empty<string>();
        Protos.CheckpointState state;
        try { state = CheckpointStateText.Parse(File.ReadAllText(path)); }
        catch (FormatException) { return Array.Empty<string>(); } // unreadable: get_checkpoint_state ignores it, nothing is named
        return state.AllModelCheckpointPaths.Prepend(state.ModelCheckpointPath).Where(v => v.Length > 0)
            .Where(v => !ModelDirectory.Contains(directory, v)).Distinct().ToList();
    }

    /// <summary>Refuses (unless trusted) a checkpoint prefix the model names (its .meta, its state file) that points outside its directory; a prefix the user chose is not passed here.</summary>
    public static void EnforceCheckpointInside(string directory, string? modelNamedPrefix, string source, ModelLoadOptions options)
    {
        if (options.TrustModel) return;
        var escaping = EscapingCheckpointStatePaths(directory).ToList();
        if (modelNamedPrefix is not null && !ModelDirectory.Contains(directory, modelNamedPrefix)) escaping.Insert(0, modelNamedPrefix);
        if (escaping.Count == 0) return;
        var nodes = escaping.Select(p => new RiskyNode(CheckpointPaths.StateFileName, "checkpoint", OpRisk.FileSystem, $"names '{p}', outside '{directory}'")).ToList();
        throw new UnsafeModelException(
            $"Refused to restore the model '{source}': its checkpoint path '{escaping[0]}' is outside the model's directory '{directory}' " +
            $"(named by {(modelNamedPrefix is not null && escaping[0] == modelNamedPrefix ? "the model" : $"'{Path.Combine(directory, CheckpointPaths.StateFileName)}'")}). " +
            "Pass a checkpoint inside the directory with --checkpoint, or --trust-model if you trust this model.", nodes);
    }
}
