using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>What eval accepts as --checkpoint: a prefix (or one of its files), or a folder meaning its latest checkpoint.</summary>
public static class CheckpointArgument
{
    public static string Resolve(string path)
    {
        if (!Directory.Exists(path)) return path;
        if (tf.train.latest_checkpoint(path) is { } latest) return latest;
        var prefixes = Directory.EnumerateFiles(path, "*.index", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(path, f)[..^".index".Length]).Order(StringComparer.Ordinal).Take(8).ToList();
        throw new CheckpointException(
            $"'{path}' is a folder without a 'checkpoint' state file naming existing files. " +
            (prefixes.Count == 0 ? "No checkpoint (*.index) is in it." : $"Checkpoints in it: {string.Join(", ", prefixes)}; pass one of those prefixes."),
            path);
    }
}
