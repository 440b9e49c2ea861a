using Google.Protobuf;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.Tests.Interop.MetaGraphTestKit;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// export_meta_graph(as_text: true) of geron-dnn's real graph (NodeDef.attr and collection_def are map fields)
/// and reading that text back: by the TextFormat parser, and by import_meta_graph, which tries binary then
/// text as Python's read_meta_graph_file does. The expected values are the binary export's and the
/// original session's own outputs.
/// </summary>
public class MetaGraphTextFormatTests
{
    [Fact]
    public void TextExportParsesBackToTheBinaryExport()
    {
        var g = GeronDnnGraph.Build(seed: 42);
        using var graph = g.Graph;
        using var dir = new ScratchDir("meta-text-parse");
        tf.train.export_meta_graph(dir["model.meta.pbtxt"], graph: graph, as_text: true, saver_def: g.saver.saver_def);
        tf.train.export_meta_graph(dir["model.meta"], graph: graph, saver_def: g.saver.saver_def);

        var text = File.ReadAllText(dir["model.meta.pbtxt"]);
        // A map entry of NodeDef.attr, printed as text_format does (key, then value): the printer handled the maps.
        Assert.Contains("  attr {\n      key: \"T\"\n      value {\n        type: DT_FLOAT\n", text);
        var fromText = TextFormat.Parse<MetaGraphDef>(text);
        var fromBinary = MetaGraphDef.Parser.ParseFrom(File.ReadAllBytes(dir["model.meta"]));
        Assert.True(fromBinary.GraphDef.Node.Count > 50, "geron-dnn's training graph has well over 50 nodes");
        Assert.Equal(fromBinary, fromText); // field by field, floats included
    }

    [Fact]
    public void ImportMetaGraphReadsATextMetaAndRestoresIt()
    {
        var g = GeronDnnGraph.Build(seed: 42);
        using var graph = g.Graph;
        using var sess = tf.Session(graph);
        sess.run(g.init);
        var images = Images(16, seed: 5);
        var expected = Floats(sess.run(g.logits, new FeedDict { { g.X, images } }));
        using var dir = new ScratchDir("meta-text-import");
        var prefix = g.saver.save(sess, dir["model.ckpt"], write_meta_graph: false);
        // Python keeps whatever name it is given; the reader decides by content, not by the extension.
        tf.train.export_meta_graph(dir["text.meta"], graph: graph, as_text: true, saver_def: g.saver.saver_def);

        using var fresh = new Graph();
        using var _ = fresh.as_default();
        var saver = tf.train.import_meta_graph(dir["text.meta"]);
        Assert.NotNull(saver);
        using var freshSession = tf.Session(fresh);
        saver!.restore(freshSession, prefix);
        var actual = Floats(freshSession.run(fresh.get_tensor_by_name(g.logits.Name), new FeedDict { { fresh.get_tensor_by_name(g.X.Name), images } }));
        Assert.Equal(expected, actual); // exact: same ops, same kernels, same restored values
    }

    [Fact]
    public void ATextFileThatIsNoMetaGraphIsRefusedWithBothReasons()
    {
        using var dir = new ScratchDir("meta-text-bad");
        File.WriteAllText(dir["notes.meta"], "graph_def {\n  node {\n    name: \"a\"\n    no_such_field: 1\n");
        var e = Assert.Throws<IOException>(() => tf.train.import_meta_graph(dir["notes.meta"]));
        Assert.Contains("notes.meta", e.Message);
        Assert.Contains("nor a text one", e.Message);
        Assert.Contains("no_such_field", e.Message); // the text parser's own reason, with its line
    }
}
