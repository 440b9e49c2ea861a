using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>
    /// tf.summary (TF1): summary ops built on TensorFlow's own kernels (ScalarSummary, HistogramSummary,
    /// ImageSummary, TensorSummaryV2, MergeSummary), so the serialized Summary protos come from TF; the
    /// FileWriter that writes them to event files.
    /// </summary>
    public static partial class summary
    {
        private static readonly string[] DefaultCollections = [TfBnPort.Tensorflow.GraphKeys.SUMMARIES];

        /// <summary>A Summary with one simple_value, tagged with the (unique) name scope.</summary>
        public static Tensor scalar(string name, object tensor, IEnumerable<string>? collections = null, string? family = null) =>
            Build("ScalarSummary", name, family, "ScalarSummary", tensor, collections, (b, tag, value) =>
                b.Input(tag).Input(value).Attr("T", value.DType));

        /// <summary>A Summary with a HistogramProto of every element of <paramref name="values"/> (TF's exponential buckets).</summary>
        public static Tensor histogram(string? name, object values, IEnumerable<string>? collections = null, string? family = null) =>
            Build("HistogramSummary", name, family, "HistogramSummary", values, collections, (b, tag, value) =>
                b.Input(tag).Input(value).Attr("T", value.DType));

        /// <summary>PNG images of up to <paramref name="max_outputs"/> batch elements of a [batch, height, width, 1|3|4] tensor.</summary>
        public static Tensor image(string name, object tensor, int max_outputs = 3, IEnumerable<string>? collections = null, string? family = null) =>
            Build("ImageSummary", name, family, "ImageSummary", tensor, collections, (b, tag, value) =>
                b.Input(tag).Input(value).Attr("max_images", max_outputs).Attr("T", value.DType));

        /// <summary>A serialized TensorProto of any tensor, with <paramref name="summary_metadata"/> (a serialized SummaryMetadata) naming its plugin.</summary>
        public static Tensor tensor_summary(string name, object tensor, byte[]? summary_metadata = null,
            IEnumerable<string>? collections = null, string? family = null) =>
            Build("TensorSummaryV2", name, family, "TensorSummaryV2", tensor, collections, (b, tag, value) =>
            {
                var metadata = tf.constant(new TensorValue(DType.String, [], [], [summary_metadata ?? []]), name: "serialized_summary_metadata");
                return b.Input(tag).Input(value).Input(metadata).Attr("T", value.DType);
            });

        /// <summary>tf.summary.text: a string tensor for TensorBoard's text dashboard (plugin "text").</summary>
        public static Tensor text(string name, Tensor tensor, IEnumerable<string>? collections = null)
        {
            if (tensor.DType.BaseType() != DType.String)
                throw new ValueError($"Expected tensor {tensor.Name} to have dtype string, got {tensor.DType.PyName()}");
            return tensor_summary(name, tensor, SummaryMetadataBytes.ForPlugin("text"), collections);
        }

        /// <summary>One Summary holding the values of all <paramref name="inputs"/> (TF errors at run time on a repeated tag).</summary>
        public static Tensor merge(IEnumerable<Tensor> inputs, IEnumerable<string>? collections = null, string? name = null)
        {
            var list = inputs.ToList();
            var graph = list.Count > 0 ? list[0].Graph : get_default_graph();
            name = SummaryScope.CleanTag(name);
            using var _ = graph.NameScope(name ?? "Merge");
            var value = graph.NewOperation("MergeSummary", name ?? "MergeSummary").InputList(list).Attr("N", list.Count).Finish().Output(0);
            SummaryScope.Collect(graph, value, collections, []);
            return value;
        }

        /// <summary>Merges every summary of collection <paramref name="key"/> (filtered by <paramref name="scope"/>); null when there is none.</summary>
        public static Tensor? merge_all(string key = TfBnPort.Tensorflow.GraphKeys.SUMMARIES, string? scope = null, string? name = null)
        {
            var ops = get_collection(key, scope).OfType<Tensor>().ToList();
            return ops.Count == 0 ? null : merge(ops, name: name);
        }

        private static Tensor Build(string opType, string? name, string? family, string defaultName, object input,
            IEnumerable<string>? collections, Func<OpBuilder, Tensor, Tensor, OpBuilder> wire)
        {
            var graph = OpHelper.GraphOf(input);
            using var _ = graph.as_default();
            var (tag, scope) = SummaryScope.Enter(graph, name, family, defaultName);
            Tensor value;
            using (scope)
            {
                // The op's inputs are converted inside its scope, as op_def_library does: Const "NAME/tag(s)".
                var tagTensor = tf.constant(tag, name: opType == "ScalarSummary" ? "tags" : "tag");
                var tensor = OpHelper.ToTensor(input);
                value = wire(graph.NewOperationExact(opType, scope.ScopeName), tagTensor, tensor).Finish().Output(0);
            }
            SummaryScope.Collect(graph, value, collections, DefaultCollections);
            return value;
        }
    }
}
