using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>
/// A small graph of its own that turns values the sample already has into Summary protos with
/// TensorFlow's own ScalarSummary and HistogramSummary kernels (fed through placeholders, one per
/// tag). The sample's graph gets no summary ops, so its op ids, and with them every random seed,
/// stay exactly as the document's graph has them.
/// </summary>
internal sealed class SummaryGraph : IDisposable
{
    private readonly Graph _graph = new();
    private readonly Session _session;
    private readonly Dictionary<(string Kind, string Tag, DType DType), (Tensor Input, Tensor Summary)> _ops = new();
    private readonly Dictionary<string, Tensor> _merged = new();

    public SummaryGraph() => _session = new Session(_graph);

    /// <summary>One Summary with a simple_value per tag (float32, as TF1's scalar summaries of float32 tensors are).</summary>
    public byte[] Scalars(IEnumerable<(string Tag, double Value)> values) =>
        Run(values.Select(v => ("scalar", v.Tag, TensorValue.From((float)v.Value))));

    /// <summary>One Summary with a histogram per tag, bucketed by TF's HistogramSummary kernel.</summary>
    public byte[] Histograms(IEnumerable<(string Tag, TensorValue Values)> values) =>
        Run(values.Select(v => ("histogram", v.Tag, v.Values)));

    private byte[] Run(IEnumerable<(string Kind, string Tag, TensorValue Value)> values)
    {
        var feed = new FeedDict();
        var summaries = new List<Tensor>();
        foreach (var (kind, tag, value) in values)
        {
            var (input, summary) = OpsFor(kind, tag, value.DType);
            feed.Add(input, value);
            summaries.Add(summary);
        }
        if (summaries.Count == 0) return [];
        // One MergeSummary per set of tags, built once: the graph stops growing after the first log point.
        var key = string.Join("\n", summaries.Select(t => t.Name));
        if (!_merged.TryGetValue(key, out var merged))
            using (_graph.as_default()) _merged[key] = merged = tf.summary.merge(summaries, collections: []);
        return (byte[])((object?[])_session.run(new object[] { merged }, feed)!)[0]!;
    }

    private (Tensor, Tensor) OpsFor(string kind, string tag, DType dtype)
    {
        if (_ops.TryGetValue((kind, tag, dtype), out var ops)) return ops;
        using var _ = _graph.as_default();
        using var scope = tf.name_scope("inputs");
        var input = tf.placeholder(dtype, name: "value");
        scope.Dispose();
        // The summary's name scope is its tag: "loss", "bn1/moving_mean"... (unique in this graph).
        var summary = kind == "scalar" ? tf.summary.scalar(tag, input, collections: []) : tf.summary.histogram(tag, input, collections: []);
        return _ops[(kind, tag, dtype)] = (input, summary);
    }

    public void Dispose()
    {
        _session.Dispose();
        _graph.Dispose();
    }
}
