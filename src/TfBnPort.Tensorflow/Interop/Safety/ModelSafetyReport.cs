namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// What the safety check found in a model, without running it: every node that is not plain
/// computation (for `show`), and which of them a given <see cref="ModelLoadOptions"/> refuses.
/// </summary>
public sealed class ModelSafetyReport(string source, IReadOnlyList<RiskyNode> nodes)
{
    private const int NodesNamedPerOp = 3;

    /// <summary>The file or directory the model came from.</summary>
    public string Source { get; } = source;

    public IReadOnlyList<RiskyNode> Nodes { get; } = nodes;

    public bool IsPureComputation => Nodes.Count == 0;

    /// <summary>The flagged nodes that <paramref name="options"/> does not allow.</summary>
    public IReadOnlyList<RiskyNode> Refused(ModelLoadOptions options) =>
        options.TrustModel ? Array.Empty<RiskyNode>() : Nodes.Where(n => !options.Allows(n.Op)).ToList();

    /// <summary>Throws <see cref="UnsafeModelException"/> (one line naming the ops, nodes and the fix) unless every flagged node is allowed.</summary>
    public void ThrowIfRefused(ModelLoadOptions options)
    {
        var refused = Refused(options);
        if (refused.Count == 0) return;
        var ops = refused.GroupBy(n => n.Op, StringComparer.Ordinal).ToList();
        var listed = string.Join("; ", ops.Select(g =>
            $"{g.Key} ({string.Join(", ", g.Take(NodesNamedPerOp).Select(n => $"'{n.Node}': {n.Reason}"))}" +
            (g.Count() > NodesNamedPerOp ? $", and {g.Count() - NodesNamedPerOp} more" : "") + ")"));
        throw new UnsafeModelException(
            $"Refused to run the model '{Source}' before creating a session: it holds ops that are not pure computation: {listed}. " +
            $"Run `show` to see them all; if you trust this model, allow them with --allow-ops {string.Join(",", ops.Select(g => g.Key))} " +
            "(API: ModelLoadOptions.AllowOps) or --trust-model.", refused);
    }
}
