using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

public class TrainingTests
{
    /// <summary>Two Gaussian blobs per class on a line: linearly separable by construction.</summary>
    private static (float[,] X, int[] Y) Separable(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n, 4];
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            var label = i % 2;
            y[i] = label;
            for (var j = 0; j < 4; j++) x[i, j] = (float)(rng.NextDouble() - 0.5);
            x[i, 0] += label == 1 ? 1.0f : -1.0f;
        }
        return (x, y);
    }

    [Fact]
    public void TwoLayerMlpInTf1StyleReaches99PercentOnSeparableData()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.set_random_seed(7);
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 4), name: "x");
        var y = tf.placeholder(tf.int32, new TensorShape(-1), name: "y");
        Tensor hidden;
        using (tf.variable_scope("hidden"))
        {
            var w = tf.get_variable("weights", new[] { 4, 16 }, initializer: tf.truncated_normal_initializer(stddev: 0.5));
            var b = tf.get_variable("biases", new[] { 16 }, initializer: tf.zeros_initializer());
            hidden = tf.nn.relu(tf.matmul(x, w) + b);
        }
        var logits = tf.layers.dense(hidden, 2, name: "logits");
        var oneHot = tf.one_hot(y, 2);
        var loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels: oneHot, logits: logits));
        var train = tf.train.GradientDescentOptimizer(0.5).minimize(loss);
        var accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.cast(y, tf.int64)), tf.float32));
        Assert.Equal(new[] { "hidden/weights:0", "hidden/biases:0", "logits/kernel:0", "logits/bias:0" }, tf.trainable_variables().Select(v => v.Name));

        var (xs, ys) = Separable(400, 3);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var feed = new FeedDict { { x, xs }, { y, ys } };
        var before = sess.run(loss, feed).GetSingle();
        for (var step = 0; step < 200; step++) sess.run(train, feed);
        var after = sess.run(loss, feed).GetSingle();
        var acc = sess.run(accuracy, feed).GetSingle();
        Assert.True(after < before / 4, $"loss {before} -> {after}");
        Assert.True(acc >= 0.99f, $"accuracy {acc}");
    }

    [Fact]
    public void AdamFirstThreeUpdatesMatchHandComputedValues()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v = tf.Variable(new[] { 1.0f, -2.0f }, name: "v");
        var loss = tf.reduce_sum(tf.square(v)); // gradient 2v
        var train = tf.train.AdamOptimizer(0.1).minimize(loss);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());

        // Hand-computed Adam (TF1 form): lr_t = lr·√(1−β2^t)/(1−β1^t); m,v moving averages; var −= lr_t·m/(√v + ε).
        double[] value = { 1.0, -2.0 }, m = { 0, 0 }, s = { 0, 0 };
        double b1 = 0.9, b2 = 0.999, lr = 0.1, eps = 1e-8;
        for (var t = 1; t <= 3; t++)
        {
            sess.run(train);
            var lrT = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            for (var i = 0; i < 2; i++)
            {
                var g = 2 * value[i];
                m[i] = m[i] + (g - m[i]) * (1 - b1);
                s[i] = s[i] + (g * g - s[i]) * (1 - b2);
                value[i] -= lrT * m[i] / (Math.Sqrt(s[i]) + eps);
            }
            var actual = sess.run(v.Snapshot).ToArray<float>();
            Assert.Equal(value[0], actual[0], 5);
            Assert.Equal(value[1], actual[1], 5);
        }
        var names = tf.global_variables().Select(x => x.OpName).ToArray();
        Assert.Equal(new[] { "v", "beta1_power", "beta2_power", "v/Adam", "v/Adam_1" }, names);
    }
}
