namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// The checkpoint ops a saver puts in every graph, allowed without asking when their path inputs
/// stay in the model's directory: which input of each is a path, and whether it is written.
/// Input positions from tensorflow/core/ops/io_ops.cc (1.15.0).
/// </summary>
internal static class CheckpointPathOps
{
    public static IReadOnlyList<(int Input, bool Writes)>? PathInputs(string opType) => opType switch
    {
        "RestoreV2" or "Restore" or "RestoreSlice" => [(0, false)],
        "SaveV2" or "Save" or "SaveSlices" => [(0, true)],
        "MergeV2Checkpoints" => [(0, true), (1, true)], // reads and deletes the shards, writes the destination
        _ => null,
    };

    public static bool Writes(string opType) => PathInputs(opType)?.Any(p => p.Writes) == true;
}
