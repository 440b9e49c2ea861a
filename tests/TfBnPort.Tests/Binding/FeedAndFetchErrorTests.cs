using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tests.Binding;

public class FeedAndFetchErrorTests
{
    private static (Graph Graph, Tensor X, Tensor Y) Build()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "images");
        var y = tf.reduce_sum(x * 2.0, name: "total");
        return (graph, x, y);
    }

    [Fact]
    public void WrongFeedShapeNamesThePlaceholderAndBothShapes()
    {
        var (graph, x, y) = Build();
        using var g = graph;
        using var sess = new Session(graph);
        var e = Assert.Throws<FeedError>(() => sess.run(y, new FeedDict { { x, new float[2, 4] } }));
        Assert.Contains("images:0", e.Message);
        Assert.Contains("(2, 4)", e.Message);
        Assert.Contains("(?, 3)", e.Message);
    }

    [Fact]
    public void WrongFeedRankNamesThePlaceholder()
    {
        var (graph, x, y) = Build();
        using var g = graph;
        using var sess = new Session(graph);
        var e = Assert.Throws<FeedError>(() => sess.run(y, new FeedDict { { x, new float[3] } }));
        Assert.Contains("images:0", e.Message);
    }

    [Fact]
    public void LossyFeedDtypeIsRefusedWithTheFix()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var labels = tf.placeholder(tf.int32, new TensorShape(-1), name: "labels");
        var doubled = labels * tf.constant(2);
        using var sess = new Session(graph);
        var e = Assert.Throws<FeedError>(() => sess.run(doubled, new FeedDict { { labels, new float[] { 1.5f } } }));
        Assert.Contains("labels:0", e.Message);
        Assert.Contains("float32", e.Message);
        Assert.Contains("int32", e.Message);
    }

    [Fact]
    public void SafeFeedDtypeIsConvertedLikeNumpyAsarray()
    {
        var (graph, x, y) = Build();
        using var g = graph;
        using var sess = new Session(graph);
        var total = sess.run(y, new FeedDict { { x, new double[,] { { 1, 2, 3 } } } });
        Assert.Equal(12f, total.GetSingle());
    }

    [Fact]
    public void MissingFeedNamesThePlaceholder()
    {
        var (graph, _, y) = Build();
        using var g = graph;
        using var sess = new Session(graph);
        var e = Assert.Throws<TensorflowException>(() => sess.run(y));
        Assert.Contains("images", e.Message);
        Assert.Equal(TF_Code.InvalidArgument, e.Code);
    }

    [Fact]
    public void UnknownFetchNameIsAClearKeyError()
    {
        var (graph, _, _) = Build();
        using var g = graph;
        using var sess = new Session(graph);
        var e = Assert.Throws<KeyError>(() => sess.run("no_such_op:0"));
        Assert.Contains("no_such_op", e.Message);
    }

    [Fact]
    public void FetchByNameWorks()
    {
        var (graph, x, _) = Build();
        using var g = graph;
        using var sess = new Session(graph);
        var result = (NumSharp.NDArray)sess.run("total:0", new FeedDict { { "images", new float[,] { { 1, 1, 1 } } } })!;
        Assert.Equal(6f, result.GetSingle());
    }

    [Fact]
    public void TensorOfAnotherGraphIsRefused()
    {
        var (graph, _, _) = Build();
        var (other, _, otherY) = Build();
        using var g = graph;
        using var o = other;
        using var sess = new Session(graph);
        var e = Assert.Throws<ValueError>(() => sess.run(otherY));
        Assert.Contains("total:0", e.Message);
        Assert.Contains("another tf.Graph", e.Message);
    }

    [Fact]
    public void ClosedSessionAndDisposedGraphSayWhatToDo()
    {
        var (graph, x, y) = Build();
        var sess = new Session(graph);
        sess.close();
        var closed = Assert.Throws<ObjectDisposedException>(() => sess.run(y, new FeedDict { { x, new float[1, 3] } }));
        Assert.Contains("closed Session", closed.Message);
        graph.Dispose();
        var disposed = Assert.Throws<ObjectDisposedException>(() => new Session(graph));
        Assert.Contains("disposed", disposed.Message);
    }

    [Fact]
    public void MatMulShapeMismatchIsReportedAtGraphConstructionWithBothShapes()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "a");
        var b = tf.constant(new float[4, 2], name: "b");
        var e = Assert.Throws<ValueError>(() => tf.matmul(a, b));
        Assert.Contains("(?, 3)", e.Message);
        Assert.Contains("(4, 2)", e.Message);
    }
}
