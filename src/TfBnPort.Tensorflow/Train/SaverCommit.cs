namespace TfBnPort.Tensorflow;

/// <summary>
/// Moves a checkpoint written under a temporary prefix to its real prefix: the data file first,
/// the index last (the index is what makes a prefix a checkpoint), each by an atomic rename in
/// the same directory. Until the index arrives the new prefix is not a checkpoint, so a crash
/// leaves at most an orphan data file and never touches another checkpoint's files.
/// Overwriting the same prefix (saving without global_step) replaces its files in that order
/// too, as TensorFlow itself does; only that prefix is at risk then.
/// </summary>
internal sealed class SaverCommit
{
    private readonly string _prefix;
    private readonly bool _dataIsNew;
    private readonly bool _indexIsNew;

    private SaverCommit(string prefix, bool dataIsNew, bool indexIsNew)
    {
        _prefix = prefix;
        _dataIsNew = dataIsNew;
        _indexIsNew = indexIsNew;
    }

    private string DataFile => CheckpointPaths.DataFile(_prefix, 0, 1);
    private string IndexFile => CheckpointPaths.IndexFile(_prefix);

    /// <summary>Moves <paramref name="tempPrefix"/>'s two files to <paramref name="prefix"/>; on failure, undoes what it can and throws.</summary>
    public static SaverCommit MoveIntoPlace(string tempPrefix, string prefix)
    {
        var tempData = CheckpointPaths.DataFile(tempPrefix, 0, 1);
        var tempIndex = CheckpointPaths.IndexFile(tempPrefix);
        foreach (var file in new[] { tempData, tempIndex })
            if (!File.Exists(file))
                throw new CheckpointException($"Saving '{prefix}' failed: TensorFlow reported success but '{file}' was not written.", prefix);

        var commit = new SaverCommit(prefix, !File.Exists(CheckpointPaths.DataFile(prefix, 0, 1)), !File.Exists(CheckpointPaths.IndexFile(prefix)));
        Move(tempData, commit.DataFile, prefix, "The previous checkpoints and the 'checkpoint' file are unchanged.");
        try
        {
            Move(tempIndex, commit.IndexFile, prefix, commit._dataIsNew
                ? "The previous checkpoints and the 'checkpoint' file are unchanged."
                : $"'{prefix}' was being overwritten and its data file is already the new one, so that checkpoint is unusable now; " +
                  "other checkpoints and the 'checkpoint' file are unchanged (save with global_step to never overwrite one).");
        }
        catch
        {
            if (commit._dataIsNew) SaverTempFiles.TryDelete(commit.DataFile);
            throw;
        }
        return commit;
    }

    /// <summary>
    /// Removes the files this commit added (when a later step of the save fails); replaced files
    /// stay replaced. True when the prefix held no checkpoint before, so nothing of it is left.
    /// </summary>
    public bool Undo()
    {
        if (_indexIsNew) SaverTempFiles.TryDelete(IndexFile); // index first: the prefix stops being a checkpoint at once
        if (_dataIsNew) SaverTempFiles.TryDelete(DataFile);
        return _indexIsNew && _dataIsNew;
    }

    private static void Move(string from, string to, string prefix, string consequence)
    {
        try { File.Move(from, to, overwrite: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Saving '{prefix}' failed: moving the new file into place as '{to}' failed: {e.Message} {consequence}",
                prefix, inner: e);
        }
    }

    /// <summary>
    /// checkpoint_management.remove_checkpoint for V2: the index first (so a half-deleted
    /// checkpoint is simply absent), then the data shards and a Python-written .meta.
    /// </summary>
    public static void Remove(string prefix)
    {
        SaverTempFiles.TryDelete(CheckpointPaths.IndexFile(prefix));
        var dir = CheckpointPaths.DirectoryOf(prefix);
        if (Directory.Exists(dir))
        {
            var dataPrefix = Path.GetFileName(prefix) + ".data-";
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith(dataPrefix, StringComparison.Ordinal) && IsShardSuffix(name[dataPrefix.Length..])) SaverTempFiles.TryDelete(file);
            }
        }
        SaverTempFiles.TryDelete(prefix + ".meta");
    }

    /// <summary>"00000-of-00001": the part TensorFlow's data file names add after ".data-".</summary>
    private static bool IsShardSuffix(string s) =>
        s.Length == 14 && s[5..9] == "-of-" && s[..5].All(char.IsAsciiDigit) && s[9..].All(char.IsAsciiDigit);
}
