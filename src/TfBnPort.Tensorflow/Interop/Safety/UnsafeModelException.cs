namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// A model from a file holds ops that could reach outside the computation (or paths outside its
/// directory), and was refused before anything ran. A ValueError, as Python's import_graph_def
/// raises for graphs it will not import, so every caller that reports ValueErrors reports this.
/// </summary>
public sealed class UnsafeModelException(string message, IReadOnlyList<RiskyNode> nodes) : ValueError(message)
{
    public IReadOnlyList<RiskyNode> Nodes { get; } = nodes;
}
