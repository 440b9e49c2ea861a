using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.Saver (TF 1.15, V2 format, not sharded): saves variables to PREFIX.index +
/// PREFIX.data-00000-of-00001 under their op names and restores them, keeping the directory's
/// `checkpoint` state file and at most max_to_keep checkpoints. Create it with tf.train.Saver().
/// Unlike Python, a save never exposes a half-written checkpoint (it writes under a temporary
/// prefix, moves the files into place, then replaces the state file atomically), and a restore
/// checks names, dtypes, shapes and data files before it assigns anything.
/// </summary>
public sealed class Saver
{
    private readonly IReadOnlyList<SaverEntry> _entries;
    private readonly SaverGraph _ops;
    private readonly List<string> _lastCheckpoints = new();

    internal Saver(IEnumerable<Variable>? varList, IDictionary<string, Variable>? nameMap, int maxToKeep, bool saveRelativePaths)
    {
        if (maxToKeep < 0) throw new ValueError($"max_to_keep must be 0 (keep every checkpoint) or more, got {maxToKeep}.");
        if (varList is not null && nameMap is not null)
            throw new ValueError("Pass var_list (saved under their op names) or name_map (saved under its keys), not both.");
        _entries = SaverVariables.Collect(varList, nameMap);
        Graph = _entries[0].Variable.Graph;
        MaxToKeep = maxToKeep;
        SaveRelativePaths = saveRelativePaths;
        _ops = SaverGraph.Build(Graph, _entries);
    }

    /// <summary>
    /// Saver(saver_def=...): drives save/restore ops that already exist in <paramref name="graph"/> (an imported
    /// meta graph). <paramref name="entries"/> are the variables its restore op assigns, when they could be
    /// traced (then a restore is checked first, as for a Saver built here); empty, the restore op alone decides.
    /// </summary>
    internal Saver(Graph graph, SaverGraph ops, IReadOnlyList<SaverEntry> entries, SaverDef saverDef)
    {
        if (saverDef.MaxToKeep < 0) throw new ValueError($"saver_def.max_to_keep must be 0 (keep every checkpoint) or more, got {saverDef.MaxToKeep}.");
        Graph = graph;
        _ops = ops;
        _entries = entries;
        MaxToKeep = saverDef.MaxToKeep;
        KeepCheckpointEveryNHours = saverDef.KeepCheckpointEveryNHours;
        Sharded = saverDef.Sharded;
        SaveRelativePaths = true;
    }

    public Graph Graph { get; }
    public int MaxToKeep { get; }

    /// <summary>Recorded in saver_def only (Python's default 10000 hours: no extra checkpoints are kept).</summary>
    public float KeepCheckpointEveryNHours { get; } = 10000f;
    public bool Sharded { get; }

    /// <summary>
    /// Python's saver.saver_def: how to drive this Saver's ops from a MetaGraphDef (save/Const:0,
    /// save/control_dependency:0, save/restore_all for a Saver built here; V2 format).
    /// </summary>
    public SaverDef saver_def => new()
    {
        FilenameTensorName = _ops.Filename.Name,
        SaveTensorName = _ops.SaveTensor.Name,
        RestoreOpName = _ops.RestoreOp.Name,
        MaxToKeep = MaxToKeep,
        Sharded = Sharded,
        KeepCheckpointEveryNHours = KeepCheckpointEveryNHours,
        Version = SaverDef.Types.CheckpointFormatVersion.V2,
    };

    public SaverDef as_saver_def() => saver_def;

    /// <summary>Write paths in the state file relative to its directory (Python's save_relative_paths; here the default, so a checkpoint folder can move).</summary>
    public bool SaveRelativePaths { get; }

    /// <summary>The checkpoint keys, sorted: the variables' op names, or name_map's keys.</summary>
    public IReadOnlyList<string> Keys => _entries.Select(e => e.Key).ToList();

    /// <summary>Prefixes saved by this Saver and not yet deleted, oldest first.</summary>
    public IReadOnlyList<string> last_checkpoints => _lastCheckpoints.ToList();

    /// <summary>
    /// Saves the variables to <paramref name="save_path"/> (a prefix; with <paramref name="global_step"/>,
    /// "PREFIX-STEP") and returns the prefix written, to pass to <see cref="restore"/>. As Python, it also
    /// writes the session graph's MetaGraphDef to PREFIX.meta (unless <paramref name="write_meta_graph"/> is false).
    /// </summary>
    public string save(Session sess, string save_path, long? global_step = null, string latest_filename = CheckpointPaths.StateFileName,
        string meta_graph_suffix = "meta", bool write_meta_graph = true, bool strip_default_attrs = false)
    {
        CheckSession(sess);
        if (Path.GetFileName(latest_filename) != latest_filename)
            throw new ValueError($"'latest_filename' must not contain path components: '{latest_filename}'.");
        var prefix = global_step is { } step ? $"{save_path}-{step}" : save_path;
        if (Path.GetFileName(prefix) == latest_filename)
            throw new ValueError($"'latest_filename' collides with 'save_path': '{latest_filename}' and '{save_path}'.");
        var directory = CheckpointPaths.DirectoryOf(prefix);
        SaverTempFiles.DeleteOrphans(directory);

        var commit = WriteIntoPlace(sess, prefix, directory);
        var kept = SaverRetention.Record(_lastCheckpoints, prefix, MaxToKeep, out var expired);
        WriteState(commit, directory, prefix, kept, latest_filename);
        _lastCheckpoints.Clear();
        _lastCheckpoints.AddRange(kept);
        if (expired is not null) SaverCommit.Remove(expired); // only once the state file no longer names it
        if (write_meta_graph) WriteMetaGraph(prefix, meta_graph_suffix, strip_default_attrs);
        return prefix;
    }

    /// <summary>Saver.export_meta_graph into checkpoint_management.meta_graph_filename(prefix), written atomically.</summary>
    private void WriteMetaGraph(string prefix, string suffix, bool stripDefaultAttrs)
    {
        var path = $"{prefix}.{suffix}";
        try
        {
            MetaGraphFile.Write(MetaGraphExporter.Export(Graph, stripDefaultAttrs: stripDefaultAttrs, saverDef: saver_def), path, asText: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"The checkpoint '{prefix}' was saved, but writing its meta graph '{path}' failed: {e.Message} " +
                                          "Save again (or pass write_meta_graph: false).", prefix, inner: e);
        }
    }

    /// <summary>saver.save with the step read from a global_step variable (as training_util.global_step does).</summary>
    public string save(Session sess, string save_path, Variable global_step, string latest_filename = CheckpointPaths.StateFileName,
        string meta_graph_suffix = "meta", bool write_meta_graph = true, bool strip_default_attrs = false)
    {
        var value = sess.RunValues(new[] { global_step.Snapshot }, Array.Empty<Operation>())[0];
        var step = value.DType switch
        {
            DType.Int64 => value.ToArray<long>()[0],
            DType.Int32 => value.ToArray<int>()[0],
            _ => throw new TypeError($"global_step must be an int32 or int64 variable, got {global_step.DType.PyName()} ('{global_step.Name}')."),
        };
        return save(sess, save_path, step, latest_filename, meta_graph_suffix, write_meta_graph, strip_default_attrs);
    }

    /// <summary>
    /// Restores every variable of this Saver from <paramref name="save_path"/>: a prefix as save or
    /// tf.train.latest_checkpoint return it (PREFIX.index or PREFIX.data-… are accepted and mean
    /// PREFIX). Everything is checked first; on any problem a <see cref="CheckpointException"/>
    /// says what, and no variable has been assigned.
    /// </summary>
    public void restore(Session sess, string save_path)
    {
        CheckSession(sess);
        if (string.IsNullOrEmpty(save_path)) throw new ValueError("Can't load save_path when it is null or empty.");
        if (Directory.Exists(save_path))
        {
            var latest = tf.train.latest_checkpoint(save_path);
            throw new CheckpointException($"Cannot restore from '{save_path}': it is a directory, not a checkpoint prefix. " +
                                          (latest is null ? $"It holds no usable checkpoint.{CheckpointPaths.ListCheckpointsIn(save_path)}"
                                                          : $"Its latest checkpoint is '{latest}' (tf.train.latest_checkpoint)."), save_path);
        }
        var prefix = CheckpointPaths.ToPrefix(save_path);
        if (_entries.Count > 0) SaverRestoreCheck.Validate(prefix, _entries);
        try
        {
            sess.run(_ops.RestoreOp, new FeedDict { { _ops.Filename, prefix } });
        }
        catch (TensorflowException e)
        {
            // RestoreV2 reads every tensor before any Assign can run, so a failed read assigns nothing.
            throw new CheckpointException($"Restoring from '{prefix}' failed while TensorFlow read it, and no variable was assigned: {e.Message} " +
                                          "The data file is damaged or belongs to another checkpoint; restore an earlier checkpoint " +
                                          "(tf.train.get_checkpoint_state(dir).all_model_checkpoint_paths) or save again.", prefix, inner: e);
        }
    }

    /// <summary>Python's recover_last_checkpoints: adopt existing checkpoints (e.g. after a restart) so max_to_keep counts them.</summary>
    public void recover_last_checkpoints(IEnumerable<string> checkpoint_paths)
    {
        _lastCheckpoints.Clear();
        _lastCheckpoints.AddRange(checkpoint_paths.Where(p => File.Exists(CheckpointPaths.IndexFile(p))));
    }

    /// <summary>Runs SaveV2 under a temporary prefix, then moves its files to <paramref name="prefix"/>; no temporary file survives.</summary>
    private SaverCommit WriteIntoPlace(Session sess, string prefix, string directory)
    {
        var temp = SaverTempFiles.NewTempName(prefix);
        try
        {
            RunSave(sess, temp, prefix, directory);
            return SaverCommit.MoveIntoPlace(temp, prefix);
        }
        finally
        {
            SaverTempFiles.DeleteAll(temp);
        }
    }

    private void RunSave(Session sess, string temp, string prefix, string directory)
    {
        try
        {
            var written = sess.RunValues(new[] { _ops.SaveTensor }, Array.Empty<Operation>(), new FeedDict { { _ops.Filename, temp } });
            if (written[0].ToStrings()[0] != temp) throw new InvalidOperationException("save/control_dependency returned another prefix than the one fed.");
        }
        catch (TensorflowException e)
        {
            var hint = !Directory.Exists(directory) ? MissingDirectoryHint(prefix, directory)
                : e.Code == TF_Code.FailedPrecondition ? "Initialize the variables (tf.global_variables_initializer()) or restore them before saving."
                : "Check that the directory is writable and has space.";
            throw new CheckpointException($"Saving '{prefix}' failed: {e.Message} {hint} " +
                                          "The previous checkpoints and the 'checkpoint' file are unchanged.", prefix, inner: e);
        }
    }

    /// <summary>Python's hint, unless a regular file stands where the directory (or one above it) should be.</summary>
    private static string MissingDirectoryHint(string prefix, string directory)
    {
        for (var path = Path.GetFullPath(directory); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path)) break;
            if (File.Exists(path)) return $"'{path}' is a file, not a directory, so {prefix} can't be saved there.";
        }
        return $"Parent directory of {prefix} doesn't exist, can't save.";
    }

    /// <summary>Replaces the state file; if that fails, takes the new checkpoint back out (when it did not replace one).</summary>
    private void WriteState(SaverCommit commit, string directory, string prefix, IReadOnlyList<string> kept, string latestFilename)
    {
        try
        {
            CheckpointState.WriteAtomic(directory, SaverRetention.StateText(directory, prefix, kept, SaveRelativePaths), latestFilename);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var outcome = commit.Undo()
                ? "The new checkpoint was removed; the previous ones and the state file are unchanged."
                : $"'{prefix}' holds the new values (it was overwritten); the state file is unchanged.";
            throw new CheckpointException($"Saving '{prefix}' failed: writing the state file '{Path.Combine(directory, latestFilename)}' failed: " +
                                          $"{e.Message} {outcome}", prefix, inner: e);
        }
    }

    private void CheckSession(Session sess)
    {
        if (!ReferenceEquals(sess.Graph, Graph))
            throw new ValueError("The session runs another graph than the one this Saver was built in; " +
                                 "build the Saver after the model, in the graph the session runs.");
    }
}
