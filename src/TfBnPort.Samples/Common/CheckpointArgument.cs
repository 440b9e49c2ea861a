using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>What eval accepts as --checkpoint: a prefix (or one of its files), or a folder meaning its latest checkpoint.</summary>
public static class CheckpointArgument
{
    public static string Resolve(string path)
    {
        if (!Directory.Exists(path)) return path;
        return tf.train.latest_checkpoint(path) ?? throw new CheckpointException(
            $"'{path}' is a folder without a usable checkpoint (no 'checkpoint' state file naming existing files).{CheckpointPaths.ListCheckpointsIn(path)} " +
            "Pass a checkpoint prefix such as OUT/NAME/model.ckpt.", path);
    }
}
