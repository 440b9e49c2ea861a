namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// A model file that is not a well-formed GraphDef/MetaGraphDef/SavedModel, or holds something
/// TensorFlow's C++ importer would abort the process on. Refused before TensorFlow sees it.
/// </summary>
public sealed class ModelFormatException(string message, string? path = null) : ValueError(message)
{
    /// <summary>The file refused, when the model came from one.</summary>
    public string? Path { get; } = path;
}
