namespace TfBnPort.Tensorflow;

/// <summary>
/// A checkpoint could not be saved, read or restored. The message says which file or variable
/// and what to do; <see cref="CheckpointPath"/> and <see cref="VariableName"/> carry them for
/// programs (for several problems at once, the first one's variable).
/// </summary>
public sealed class CheckpointException(string message, string? checkpointPath = null, string? variableName = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The checkpoint prefix (or the file) concerned, as the caller passed it.</summary>
    public string? CheckpointPath { get; } = checkpointPath;

    /// <summary>The checkpoint key (variable op name) concerned, if one.</summary>
    public string? VariableName { get; } = variableName;
}
