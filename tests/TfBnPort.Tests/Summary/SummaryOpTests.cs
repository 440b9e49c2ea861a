using NumSharp;
using DType = TfBnPort.Tensorflow.DType;
using ValueError = TfBnPort.Tensorflow.ValueError;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;
using ProtoSummary = TfBnPort.Tensorflow.Protos.Summary;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// tf.summary ops: names and tags as summary_op_util.py gives them, the SUMMARIES collection, and
/// the Summary protos TensorFlow's kernels serialize, checked against hand-computed values.
/// </summary>
public class SummaryOpTests
{
    private static ProtoSummary RunSummary(Session sess, Tensor summary, FeedDict? feed = null)
    {
        var fetched = ((object?[])sess.run(new object[] { summary }, feed)!)[0];
        return ProtoSummary.Parser.ParseFrom(Assert.IsType<byte[]>(fetched));
    }

    [Fact]
    public void Scalar_tags_are_unique_name_scopes_and_go_to_the_summaries_collection()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.constant(2.5f, name: "x");
        var a = tf.summary.scalar("loss", x);
        var b = tf.summary.scalar("loss", x * 2f);
        var c = tf.summary.scalar("acc", x, family: "valid");
        var d = tf.summary.scalar("bad name!", x, collections: ["mine"]);
        Assert.Equal("loss:0", a.Name);
        Assert.Equal("loss_1:0", b.Name);
        Assert.Equal("valid/acc:0", c.Name);
        Assert.Equal("bad_name_:0", d.Name);
        Assert.Equal("ScalarSummary", a.Op.Type);
        Assert.Equal(new object[] { a, b, c }, tf.get_collection(tf.GraphKeys.SUMMARIES));
        Assert.Equal(new object[] { d }, tf.get_collection("mine"));

        using var sess = tf.Session(graph);
        var v = Assert.Single(RunSummary(sess, b).Value);
        Assert.Equal("loss_1", v.Tag);
        Assert.Equal(5.0f, v.SimpleValue);
        // family: the tag is family/scope (summary_op_util.summary_scope).
        Assert.Equal("valid/valid/acc", Assert.Single(RunSummary(sess, c).Value).Tag);
    }

    [Fact]
    public void Histogram_counts_add_up_to_the_elements_and_moments_match_hand_values()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var values = tf.constant(new float[,] { { 1f, 2f }, { 3f, 4f }, { -0.5f, 0f } });
        var h = tf.summary.histogram("weights", values);
        Assert.Equal("weights:0", h.Name);
        using var sess = tf.Session(graph);
        var histo = Assert.Single(RunSummary(sess, h).Value).Histo;
        // By hand: 6 elements, min -0.5, max 4, sum 9.5, sum of squares 1+4+9+16+0.25+0 = 30.25.
        Assert.Equal(6, histo.Num);
        Assert.Equal(-0.5, histo.Min);
        Assert.Equal(4, histo.Max);
        Assert.Equal(9.5, histo.Sum, 6);
        Assert.Equal(30.25, histo.SumSquares, 6);
        Assert.Equal(6, histo.Bucket.Sum());
        Assert.Equal(histo.Bucket.Count, histo.BucketLimit.Count);
    }

    [Fact]
    public void Images_are_pngs_that_decode_to_the_summarized_pixels()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var pixels = new byte[2, 3, 5, 1];
        for (var n = 0; n < 2; n++)
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < 5; c++) pixels[n, r, c, 0] = (byte)(n * 100 + r * 10 + c);
        var images = tf.constant(np.array(pixels));
        var s = tf.summary.image("digits", images, max_outputs: 3);
        using var sess = tf.Session(graph);
        var values = RunSummary(sess, s).Value;
        Assert.Equal(new[] { "digits/image/0", "digits/image/1" }, values.Select(v => v.Tag));

        // TensorFlow's own PNG decoder gives the uint8 pixels back exactly.
        using var decodeGraph = new Graph();
        using var __ = decodeGraph.as_default();
        var png = tf.placeholder(tf.@string, name: "png");
        var decoded = decodeGraph.NewOperation("DecodePng", "decode").Input(png).Attr("channels", 0).Attr("dtype", DType.UInt8).Finish().Output(0);
        using var decodeSession = tf.Session(decodeGraph);
        for (var n = 0; n < 2; n++)
        {
            var image = values[n].Image;
            Assert.Equal((3, 5, 1), (image.Height, image.Width, image.Colorspace));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, image.EncodedImageString.Span[..4].ToArray());
            var feed = new FeedDict { { png, new TensorValue(DType.String, [], [], [image.EncodedImageString.ToByteArray()]) } };
            var back = decodeSession.run(decoded, feed);
            Assert.Equal(new[] { 3, 5, 1 }, back.shape.Select(d => (int)d).ToArray());
            for (var r = 0; r < 3; r++)
            for (var c = 0; c < 5; c++) Assert.Equal(pixels[n, r, c, 0], back.GetByte(r, c, 0));
        }
    }

    [Fact]
    public void Text_is_a_tensor_summary_for_the_text_plugin()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var t = tf.summary.text("notes", tf.constant("batch norm, momentum 0.9"));
        Assert.Equal("TensorSummaryV2", t.Op.Type);
        using var sess = tf.Session(graph);
        var v = Assert.Single(RunSummary(sess, t).Value);
        Assert.Equal("notes", v.Tag);
        Assert.Equal("text", v.Metadata.PluginData.PluginName);
        Assert.Equal(DataType.DtString, v.Tensor.Dtype);
        Assert.Equal("batch norm, momentum 0.9", v.Tensor.StringVal[0].ToStringUtf8());
        Assert.Throws<ValueError>(() => tf.summary.text("bad", tf.constant(1f)));
    }

    [Fact]
    public void Merge_all_unites_the_collection_as_Merge_MergeSummary()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Assert.Null(tf.summary.merge_all());
        var x = tf.placeholder(tf.float32, TensorShape.Scalar, name: "x");
        tf.summary.scalar("x", x);
        tf.summary.histogram("xs", tf.stack([x, x * 2f]));
        var merged = tf.summary.merge_all()!;
        Assert.Equal("Merge/MergeSummary:0", merged.Name);
        using var sess = tf.Session(graph);
        var summary = RunSummary(sess, merged, new FeedDict { { x, 3f } });
        // The placeholder already holds the name "x", so the summary's scope (and tag) is "x_1", as in Python.
        Assert.Equal(new[] { "x_1", "xs" }, summary.Value.Select(v => v.Tag));
        Assert.Equal(3f, summary.Value[0].SimpleValue);
        Assert.Equal(9.0, summary.Value[1].Histo.Sum, 6);
    }
}
