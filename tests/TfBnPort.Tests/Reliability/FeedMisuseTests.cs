using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// Feed and session misuse beyond Binding/FeedAndFetchErrorTests (which covers wrong shape, wrong
/// rank, lossy dtype, missing feed, a fetch of another graph, a closed session, a disposed graph
/// passed to a new Session). Decision, as TF1: any tensor can be fed, not only placeholders (it
/// replaces that tensor's value for the run, e.g. to probe a layer); the same dtype and shape
/// checks apply to it.
/// </summary>
public class FeedMisuseTests
{
    private sealed class Net : IDisposable
    {
        public Net()
        {
            using var _ = Graph.as_default();
            X = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "images");
            Hidden = tf.multiply(X, 2.0, name: "hidden");
            Total = tf.reduce_sum(Hidden, name: "total");
            V = tf.Variable(tf.constant(new float[] { 1, 2 }), name: "v");
            Scaled = tf.multiply(V, 3.0, name: "scaled");
            Sess = new Session(Graph);
        }

        public Graph Graph { get; } = new();
        public Tensor X { get; }
        public Tensor Hidden { get; }
        public Tensor Total { get; }
        public Variable V { get; }
        public Tensor Scaled { get; }
        public Session Sess { get; }

        public void Dispose()
        {
            Sess.Dispose();
            Graph.Dispose();
        }
    }

    [Fact]
    public void FeedingAnIntermediateTensorReplacesItsValueForThatRun()
    {
        using var net = new Net();
        // images is not fed: the fed 'hidden' cuts it off, as in TF1.
        var total = net.Sess.run(net.Total, new FeedDict { { net.Hidden, new float[,] { { 1, 1, 1 }, { 2, 2, 2 } } } });
        Assert.Equal(9f, total.GetSingle());
        Assert.Equal(12f, net.Sess.run(net.Total, new FeedDict { { net.X, new float[,] { { 1, 2, 3 } } } }).GetSingle());
    }

    [Fact]
    public void FeedingAVariableReplacesItsReadValueAndLeavesTheVariableAlone()
    {
        using var net = new Net();
        var fed = net.Sess.run(net.Scaled, new FeedDict { { net.V, new float[] { 10, 20 } } }); // no initializer needed
        Assert.Equal(new float[] { 30, 60 }, fed.ToArray<float>());
        using (net.Graph.as_default()) net.Sess.run(tf.global_variables_initializer());
        Assert.Equal(new float[] { 1, 2 }, net.Sess.run(net.V.Snapshot).ToArray<float>());
    }

    [Fact]
    public void AFedIntermediateTensorIsCheckedLikeAPlaceholder()
    {
        using var net = new Net();
        var e = Assert.Throws<FeedError>(() => net.Sess.run(net.Total, new FeedDict { { net.Hidden, new float[,] { { 1, 1 } } } }));
        Assert.Contains("'hidden:0'", e.Message);
        Assert.Contains("(1, 2)", e.Message);
        Assert.Contains("(?, 3)", e.Message);
    }

    [Fact]
    public void FeedingATensorOfAnotherGraphIsRefused()
    {
        using var net = new Net();
        using var other = new Net();
        var e = Assert.Throws<FeedError>(() => net.Sess.run(net.Total, new FeedDict { { other.X, new float[1, 3] } }));
        Assert.Contains("images:0", e.Message);
        Assert.Contains("another tf.Graph", e.Message);
    }

    [Fact]
    public void FeedingAnUnknownNameSaysWhichNameAndWhy()
    {
        using var net = new Net();
        var e = Assert.Throws<FeedError>(() => net.Sess.run(net.Total, new FeedDict { { "imagez", new float[1, 3] } }));
        Assert.Contains("Cannot feed 'imagez'", e.Message);
        Assert.Contains("'imagez:0' refers to a Tensor which does not exist", e.Message);
    }

    [Fact]
    public void AValueThatIsNoTensorIsRefusedWithWhatIsAccepted()
    {
        using var net = new Net();
        var e = Assert.Throws<FeedError>(() => net.Sess.run(net.Total, new FeedDict { { net.X, DateTime.Now } }));
        Assert.Contains("'images:0'", e.Message);
        Assert.Contains("DateTime", e.Message);
        Assert.Contains("use an NDArray, an array, a number, a bool or a string", e.Message);
    }

    [Theory]
    [InlineData("bool")]
    [InlineData("string")]
    public void AValueOfAnUnrelatedKindIsRefusedNamingBothDtypes(string kind)
    {
        using var net = new Net();
        object value = kind == "bool" ? new bool[1, 3] : "1, 2, 3";
        var e = Assert.Throws<FeedError>(() => net.Sess.run(net.Total, new FeedDict { { net.X, value } }));
        Assert.Contains($"dtype {kind} to Tensor 'images:0', which has dtype float32", e.Message);
        Assert.Contains("Convert the value to float32 first", e.Message);
    }

    [Fact]
    public void FeedingOneTensorTwiceIsNamedByTensorflow()
    {
        using var net = new Net();
        var e = Assert.Throws<TensorflowException>(() =>
            net.Sess.run(net.Total, new FeedDict { { net.X, new float[1, 3] }, { "images:0", new float[1, 3] } }));
        Assert.Equal(TF_Code.InvalidArgument, e.Code);
        Assert.Contains("images:0", e.Message);
        Assert.Contains("fed more than once", e.Message);
    }

    [Fact]
    public void ASessionWhoseGraphWasDisposedSaysSo()
    {
        var net = new Net();
        net.Graph.Dispose(); // the session is still open
        var run = Assert.Throws<ObjectDisposedException>(() => net.Sess.run(net.Total, new FeedDict { { net.X, new float[1, 3] } }));
        Assert.Contains("This Graph has been disposed", run.Message);
        var build = Assert.Throws<ObjectDisposedException>(() => tf.add(net.X, net.X));
        Assert.Contains("build a new one", build.Message);
        net.Sess.Dispose(); // and closing the session afterwards is harmless
        net.Sess.Dispose();
    }
}
