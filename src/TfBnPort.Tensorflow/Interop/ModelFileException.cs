namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// A model file (.meta, .pb, .pbtxt, SavedModel directory) that cannot be used: unreadable, not the
/// message its name promises, truncated, or asking for what this runtime lacks. The message names the
/// file, what was wrong and what to do.
/// </summary>
public sealed class ModelFileException(string message, string path, Exception? inner = null) : ValueError(message)
{
    public string Path { get; } = path;
    public Exception? Inner { get; } = inner;
}
