namespace TfBnPort.Tensorflow;

/// <summary>
/// Where checkpoint code reports what Python TF1 logs as warnings (a path taken for what it
/// meant, an ignored state file, an old checkpoint that could not be deleted). Replace
/// <see cref="Warn"/> to route or silence them.
/// </summary>
public static class CheckpointLog
{
    public static Action<string> Warn { get; set; } = message => System.Console.Error.WriteLine($"[checkpoint] {message}");
}
