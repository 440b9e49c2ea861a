namespace TfBnPort.Tensorflow;

/// <summary>
/// max_to_keep bookkeeping (Saver._RecordLastCheckpoint) and the state file's text
/// (generate_checkpoint_state_proto), as pure functions so a failed save changes nothing.
/// </summary>
internal static class SaverRetention
{
    /// <summary>
    /// The kept list after saving <paramref name="prefix"/>: a re-used prefix moves to the end; beyond
    /// <paramref name="maxToKeep"/> the oldest is dropped into <paramref name="expired"/>. With 0, nothing is tracked or deleted.
    /// </summary>
    public static List<string> Record(IReadOnlyList<string> last, string prefix, int maxToKeep, out string? expired)
    {
        expired = null;
        if (maxToKeep == 0) return new List<string>();
        var kept = last.Where(p => p != prefix).ToList();
        kept.Add(prefix);
        if (kept.Count > maxToKeep)
        {
            expired = kept[0];
            kept.RemoveAt(0);
        }
        return kept;
    }

    /// <summary>The CheckpointState text for the state file in <paramref name="directory"/>.</summary>
    public static string StateText(string directory, string prefix, IReadOnlyList<string> kept, bool relative)
    {
        var all = kept.ToList();
        if (all.Count == 0 || all[^1] != prefix) all.Add(prefix);
        string Written(string p) => relative ? RelativeTo(directory, p) : AsPythonWrites(directory, p);
        return CheckpointStateText.Format(Written(prefix), all.Select(Written));
    }

    /// <summary>Relative to the state file's directory ("model.ckpt-100" for a checkpoint beside it).</summary>
    private static string RelativeTo(string directory, string path) =>
        Path.GetRelativePath(Path.GetFullPath(directory), Path.GetFullPath(path));

    /// <summary>Python's default (save_relative_paths=False): relative only when the directory itself was given relative.</summary>
    private static string AsPythonWrites(string directory, string path) =>
        !Path.IsPathRooted(directory) && !Path.IsPathRooted(path) ? Path.GetRelativePath(directory, path) : path;
}
