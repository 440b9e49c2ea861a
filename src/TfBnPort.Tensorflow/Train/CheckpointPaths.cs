using System.Text.RegularExpressions;

namespace TfBnPort.Tensorflow;

/// <summary>
/// TensorFlow's V2 checkpoint file names around a prefix ("dir/model.ckpt-100"): PREFIX.index
/// and PREFIX.data-00000-of-00001, and turning what users pass into that prefix.
/// </summary>
public static partial class CheckpointPaths
{
    public const string IndexSuffix = ".index";
    public const string StateFileName = "checkpoint";

    public static string IndexFile(string prefix) => prefix + IndexSuffix;

    /// <summary>The data shard file, as TensorFlow's DataFilename spells it.</summary>
    public static string DataFile(string prefix, int shard, int numShards) => $"{prefix}.data-{shard:D5}-of-{numShards:D5}";

    /// <summary>
    /// The prefix meant by <paramref name="path"/>: a prefix stays as it is; a checkpoint's own file
    /// (PREFIX.index, PREFIX.data-00000-of-00001, PREFIX.meta) is accepted as a convenience and
    /// stripped to its prefix, with a warning that says so.
    /// </summary>
    public static string ToPrefix(string path)
    {
        if (File.Exists(IndexFile(path))) return path;
        var match = CheckpointFileSuffix().Match(path);
        if (!match.Success) return path;
        var prefix = path[..match.Index];
        CheckpointLog.Warn($"'{path}' is one of a checkpoint's files; using the checkpoint prefix '{prefix}' it belongs to " +
                           "(save, restore and the readers take the prefix, as tf.train.latest_checkpoint returns it).");
        return prefix;
    }

    /// <summary>
    /// For readers: a directory means its latest checkpoint (as tf.train.list_variables does),
    /// anything else is taken as a prefix (<see cref="ToPrefix"/>).
    /// </summary>
    public static string ResolveForReading(string prefixOrDirectory)
    {
        if (!Directory.Exists(prefixOrDirectory)) return ToPrefix(prefixOrDirectory);
        return tf.train.latest_checkpoint(prefixOrDirectory) ?? throw new CheckpointException(
            $"'{prefixOrDirectory}' is a directory with no usable checkpoint: its '{StateFileName}' file is missing, unreadable " +
            $"or names checkpoint files that no longer exist.{ListCheckpointsIn(prefixOrDirectory)} Pass a checkpoint prefix instead.",
            prefixOrDirectory);
    }

    /// <summary>The error for a prefix with no .index (<paramref name="what"/>: "restore from 'PREFIX'"...): says whether the directory exists and what it holds.</summary>
    internal static CheckpointException NotFound(string prefix, string what)
    {
        var dir = DirectoryOf(prefix);
        var detail = Directory.Exists(dir)
            ? $"its index file '{IndexFile(prefix)}' does not exist.{ListCheckpointsIn(dir)}"
            : $"the directory '{dir}' does not exist.";
        return new CheckpointException($"Cannot {what}: '{prefix}' is not a valid checkpoint; {detail} " +
                                       "Pass a checkpoint prefix as saver.save or tf.train.latest_checkpoint(dir) returns it.", prefix);
    }

    /// <summary>" It holds the checkpoints: a, b." (up to a few), or "" when none.</summary>
    internal static string ListCheckpointsIn(string directory)
    {
        if (!Directory.Exists(directory)) return "";
        var prefixes = Directory.EnumerateFiles(directory, "*" + IndexSuffix)
            .Select(f => Path.GetFileName(f)[..^IndexSuffix.Length])
            .Where(p => !SaverTempFiles.IsTempName(p))
            .Order(StringComparer.Ordinal).ToList();
        if (prefixes.Count == 0) return " It holds no checkpoint (no *.index file).";
        var shown = string.Join(", ", prefixes.Take(8)) + (prefixes.Count > 8 ? $", ... ({prefixes.Count} in all)" : "");
        return $" It holds the checkpoints: {shown}.";
    }

    /// <summary>The directory of a prefix ("." for a bare name), as os.path.dirname would give it.</summary>
    internal static string DirectoryOf(string prefix)
    {
        var dir = Path.GetDirectoryName(prefix);
        return string.IsNullOrEmpty(dir) ? "." : dir;
    }

    [GeneratedRegex(@"(\.index|\.data-\d{5}-of-\d{5}|\.meta)$")]
    private static partial Regex CheckpointFileSuffix();
}
