namespace TfBnPort.Tensorflow;

/// <summary>
/// The CheckpointState of a directory's `checkpoint` file, as tf.train.get_checkpoint_state
/// returns it: relative paths in the file are joined to the directory.
/// </summary>
public sealed class CheckpointState
{
    internal CheckpointState(string modelCheckpointPath, IReadOnlyList<string> allModelCheckpointPaths)
    {
        model_checkpoint_path = modelCheckpointPath;
        all_model_checkpoint_paths = allModelCheckpointPaths;
    }

    /// <summary>The latest checkpoint's prefix.</summary>
    public string model_checkpoint_path { get; }

    /// <summary>The not yet deleted checkpoints' prefixes, oldest first.</summary>
    public IReadOnlyList<string> all_model_checkpoint_paths { get; }

    public override string ToString() => CheckpointStateText.Format(model_checkpoint_path, all_model_checkpoint_paths);

    /// <summary>
    /// checkpoint_management.get_checkpoint_state: null when the file is absent or unreadable
    /// (with a warning, as TF logs one); an exception when it names no model_checkpoint_path.
    /// </summary>
    internal static CheckpointState? Read(string directory, string latestFilename = CheckpointPaths.StateFileName)
    {
        var path = Path.Combine(directory, latestFilename);
        if (!File.Exists(path)) return null;
        Protos.CheckpointState state;
        try { state = CheckpointStateText.Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            CheckpointLog.Warn($"{path}: {e.Message}; checkpoint state ignored.");
            return null;
        }
        var model = state.ModelCheckpointPath;
        if (string.IsNullOrEmpty(model))
            throw new CheckpointException($"Invalid checkpoint state loaded from {directory}: '{path}' names no model_checkpoint_path. " +
                                          "Delete or fix that file (saving again rewrites it).", path);
        var all = state.AllModelCheckpointPaths.Select(p => Path.Combine(directory, p)).ToList();
        return new CheckpointState(Path.Combine(directory, model), all);
    }

    /// <summary>checkpoint_management.latest_checkpoint: the state's latest prefix, or null if none or its files are gone.</summary>
    internal static string? Latest(string directory, string latestFilename = CheckpointPaths.StateFileName)
    {
        var state = Read(directory, latestFilename);
        if (state is null) return null;
        var prefix = state.model_checkpoint_path;
        if (File.Exists(CheckpointPaths.IndexFile(prefix)) || File.Exists(prefix)) return prefix; // V2 first, then V1
        CheckpointLog.Warn($"Couldn't match files for checkpoint {prefix} (named by {Path.Combine(directory, latestFilename)}); no latest checkpoint.");
        return null;
    }

    /// <summary>
    /// Replaces the state file atomically: a temporary file in the same directory, flushed, then
    /// renamed over it, so readers (and a process killed mid-way) see the old or the new file whole.
    /// </summary>
    internal static void WriteAtomic(string directory, string content, string latestFilename = CheckpointPaths.StateFileName)
    {
        var path = Path.Combine(directory, latestFilename);
        var temp = SaverTempFiles.NewTempName(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            SaverTempFiles.TryDelete(temp);
            throw;
        }
    }
}
