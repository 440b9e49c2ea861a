using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

public class SessionSmokeTests
{
    [Fact]
    public void MatMulOfPlaceholderAndConstant()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 2), name: "x");
        var w = tf.constant(new float[,] { { 1, 2 }, { 3, 4 } });
        var y = tf.matmul(x, w) + 1.0;
        using var sess = tf.Session(graph);
        var result = sess.run(y, new FeedDict { { x, new float[,] { { 1, 1 } } } });
        Assert.Equal(new float[] { 5, 7 }, result.ToArray<float>());
        Assert.Equal("add", y.Op.Name);
        Assert.Equal("1.15.0", tf.VERSION);
    }
}
