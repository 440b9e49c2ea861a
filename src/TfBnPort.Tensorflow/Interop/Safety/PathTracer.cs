using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// Works out which paths a checkpoint op's path input can take, without running the graph: a
/// string Const gives its value; a saver's filename tensor (fed with a checkpoint prefix: the
/// loader feeds the model's own) gives a "fed" prefix; Identity, StringJoin, ShardedFilename and Pack
/// combine those (how Saver builds its sharded file names). Anything else cannot be checked.
/// </summary>
internal sealed class PathTracer(IReadOnlyDictionary<string, NodeDef> nodes, IReadOnlySet<string> fedTensors)
{
    private const int MaxDepth = 64;
    private const int MaxPaths = 64;

    /// <summary>One possible value: the fed prefix (if <paramref name="Fed"/>) followed by <paramref name="Text"/>.</summary>
    public readonly record struct TracedPath(bool Fed, string Text);

    /// <summary>The possible values of <paramref name="input"/>, or the reason they cannot be known.</summary>
    public (List<TracedPath>? Paths, string? Unknown) Trace(string input) => Trace(TensorRef.Parse(input), 0);

    private (List<TracedPath>?, string?) Trace(TensorRef tensor, int depth)
    {
        if (depth > MaxDepth) return (null, "its path is built by a chain of more than 64 ops");
        if (fedTensors.Contains($"{tensor.Node}:{tensor.Index}")) return ([new TracedPath(true, "")], null);
        if (!nodes.TryGetValue(tensor.Node, out var node)) return (null, $"its path comes from '{tensor.Node}', which is not a node of the graph");
        var inputs = node.Input.Where(i => !i.StartsWith('^')).Select(TensorRef.Parse).ToList();
        switch (node.Op)
        {
            case "Const":
                return node.Attr.TryGetValue("value", out var value) && value.Tensor is { } t && TensorProtoFacts.Strings(t) is { Length: > 0 } strings
                    ? (strings.Distinct().Select(s => new TracedPath(false, s)).ToList(), null)
                    : (null, $"its path comes from Const '{node.Name}', which holds no string");
            case "Identity" or "Snapshot" or "PlaceholderWithDefault" or "StopGradient" when inputs.Count >= 1:
                return Trace(inputs[0], depth + 1);
            case "ShardedFilename" or "ShardedFilespec" when inputs.Count >= 1:
                return Map(Trace(inputs[0], depth + 1), p => p with { Text = p.Text + "-?????-of-?????" }); // TF appends "-%05d-of-%05d"
            case "Pack":
                var packed = new List<TracedPath>();
                foreach (var i in inputs)
                {
                    var (paths, why) = Trace(i, depth + 1);
                    if (paths is null) return (null, why);
                    packed.AddRange(paths);
                }
                return packed.Count > MaxPaths ? (null, "too many possible paths to check") : (packed, null);
            case "StringJoin":
                return Join(node, inputs, depth);
            default:
                return (null, $"its path is computed by {node.Op} '{node.Name}', which cannot be checked before running");
        }
    }

    private (List<TracedPath>?, string?) Join(NodeDef node, List<TensorRef> inputs, int depth)
    {
        var separator = node.Attr.TryGetValue("separator", out var s) ? s.S.ToStringUtf8() : "";
        var joined = new List<TracedPath> { new(false, "") };
        for (var k = 0; k < inputs.Count; k++)
        {
            var (parts, why) = Trace(inputs[k], depth + 1);
            if (parts is null) return (null, why);
            if (k > 0 && parts.Any(p => p.Fed)) return (null, $"StringJoin '{node.Name}' puts the fed checkpoint prefix after other text");
            joined = joined.SelectMany(j => parts.Select(p => new TracedPath(j.Fed || p.Fed, j.Text + (k > 0 ? separator : "") + p.Text))).ToList();
            if (joined.Count > MaxPaths) return (null, "too many possible paths to check");
        }
        return (joined, null);
    }

    private static (List<TracedPath>?, string?) Map((List<TracedPath>? Paths, string? Why) traced, Func<TracedPath, TracedPath> f) =>
        traced.Paths is null ? traced : (traced.Paths.Select(f).ToList(), null);
}
