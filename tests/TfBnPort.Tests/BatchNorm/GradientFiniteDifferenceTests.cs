using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// tf.gradients through a training tf.cond (Switch/Merge gradients) and through FusedBatchNormV3
/// (FusedBatchNormGradV3, training and inference kernels) against central finite differences of
/// L = Σ w⊙y. (The cross-check compares the same gradients with the reference's closed form.)
/// </summary>
public class GradientFiniteDifferenceTests
{
    /// <summary>
    /// float64 through the cond structure of the non-fused keras layer (mean and variance each a
    /// tf.cond of the batch moments and fixed statistics), with γ and β fed: differences of float64
    /// losses with h = 1e-6 are good to about 1e-8, so 1e-6 is tight.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Float64GradientsThroughTheTrainingCondMatchFiniteDifferences(bool training)
    {
        int[] shape = { 5, 3 };
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float64, new TensorShape(shape), name: "x");
        var gamma = tf.placeholder(tf.float64, new TensorShape(3), name: "gamma");
        var beta = tf.placeholder(tf.float64, new TensorShape(3), name: "beta");
        var flag = tf.placeholder(tf.@bool, TensorShape.Scalar, name: "training");
        var (batchMean, batchVar) = tf.nn.moments(x, new[] { 0 });
        var mean = tf.cond(flag, () => batchMean, () => tf.constant(new[] { 0.5, -1.0, 2.0 }));
        var variance = tf.cond(flag, () => batchVar, () => tf.constant(new[] { 1.5, 0.5, 3.0 }));
        var y = tf.nn.batch_normalization(x, mean, variance, beta, gamma, 0.001);
        var w = tf.constant(Weights(15, 2), shape: shape);
        var loss = tf.reduce_sum(tf.multiply(w, y));
        var grads = tf.gradients(loss, new object[] { x, gamma, beta });

        var inputs = new[] { Values(15, 3, -2, 2), Values(3, 4, 0.5, 1.5), Values(3, 5, -0.5, 0.5) };
        int[][] shapes = { shape, new[] { 3 }, new[] { 3 } };
        var placeholders = new[] { x, gamma, beta };
        using var sess = new Session(graph);
        FeedDict Feed(double[][] v)
        {
            var feed = new FeedDict { { flag, training } };
            for (var i = 0; i < 3; i++) feed.Add(placeholders[i], Doubles(v[i], shapes[i]));
            return feed;
        }
        var symbolic = sess.RunValues(grads.Select(g => g!).ToArray(), Array.Empty<Operation>(), Feed(inputs)).Select(v => v.ToArray<double>()).ToArray();
        double Loss(double[][] v) => sess.RunValues(new[] { loss }, Array.Empty<Operation>(), Feed(v))[0].ToArray<double>()[0];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < inputs[i].Length; j++)
            {
                var numeric = Central(inputs, i, j, 1e-6, Loss);
                Assert.True(Math.Abs(numeric - symbolic[i][j]) < 1e-6, $"d{placeholders[i].Op.Name}[{j}]: tf.gradients {symbolic[i][j]}, finite difference {numeric}");
            }
    }

    public static TheoryData<string, bool> Layers() => new()
    {
        { "layers fused", true }, { "layers fused", false },
        { "layers non-fused", true }, { "layers non-fused", false },
        { "contrib rank 2", true }, { "contrib rank 2", false },
    };

    /// <summary>
    /// float32 layers, dx only (γ and β are variables): x has spread ~1, so h = 1e-2; the loss is
    /// summed in float64 from the fetched float32 y, whose rounding (~1e-7 per element) puts the
    /// difference quotient's noise near 1e-5, and the h² term of BN's curvature near 1e-4. Hence
    /// 2e-3 absolute on gradients of size ~1; the test also shows that the classic wrong training
    /// gradient (batch statistics held constant) misses by more than 0.05 here (m = 8).
    /// </summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void Float32LayerGradientsMatchFiniteDifferences(string layer, bool training)
    {
        var shape = layer == "layers fused" ? new[] { 2, 2, 2, 3 } : new[] { 8, 3 };
        var n = shape.Aggregate(1, (a, b) => a * b);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(shape), name: "x");
        var flag = tf.placeholder_with_default(false, TensorShape.Scalar, name: "training");
        var y = layer.StartsWith("contrib")
            ? tf.contrib.layers.batch_norm(x, decay: 0.9, is_training: flag)
            : tf.layers.batch_normalization(x, momentum: 0.9, training: flag);
        Assert.Equal(layer != "layers non-fused", graph.Operations.Any(op => op.Type == "FusedBatchNormV3"));
        var weights = Weights(n, 6);
        var w = tf.constant(weights.Select(v => (float)v).ToArray(), shape: shape);
        var dx = tf.gradients(tf.reduce_sum(tf.multiply(w, y)), new object[] { x })[0]!;

        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        using (graph.as_default())
        {
            // Moving statistics away from 0 and 1, so inference mode is not the identity map.
            var vars = tf.global_variables();
            sess.run(tf.group(
                tf.assign(vars.Single(v => v.OpName.EndsWith("moving_mean")), new[] { 0.3f, -0.2f, 0.1f }),
                tf.assign(vars.Single(v => v.OpName.EndsWith("moving_variance")), new[] { 0.8f, 1.3f, 2.0f })));
        }
        var input = Values(n, 7, -1.5, 1.5);
        FeedDict Feed(double[] v) => new() { { x, BnTestKit.Value(v.Select(d => (float)d).ToArray(), shape) }, { flag, training } };
        var symbolic = BnTestKit.Read(sess, dx, Feed(input));
        double Loss(double[][] v)
        {
            var yv = BnTestKit.Read(sess, y, Feed(v[0]));
            return yv.Select((t, i) => t * weights[i]).Sum();
        }
        var numeric = Enumerable.Range(0, n).Select(j => Central(new[] { input }, 0, j, 1e-2, Loss)).ToArray();
        for (var j = 0; j < n; j++)
            Assert.True(Math.Abs(numeric[j] - symbolic[j]) < 2e-3, $"{layer} training={training}: dx[{j}] tf.gradients {symbolic[j]}, finite difference {numeric[j]}");
        if (training)
        {
            // The tolerance tells right from wrong: w·γ/√(σ²+ε), the gradient with the batch statistics held constant, misses by far more.
            var c = shape[^1];
            var invStd = Enumerable.Range(0, c).Select(k =>
            {
                var column = input.Where((_, i) => i % c == k).Select(v => (double)(float)v).ToArray();
                var mu = column.Average();
                return 1 / Math.Sqrt(column.Select(v => (v - mu) * (v - mu)).Average() + 0.001);
            }).ToArray();
            var miss = numeric.Select((g, j) => Math.Abs(g - weights[j] * invStd[j % c])).Max();
            Assert.True(miss > 0.05, $"constant-statistics gradient misses by only {miss}");
        }
    }

    private static double Central(double[][] inputs, int i, int j, double h, Func<double[][], double> loss)
    {
        var plus = inputs.Select(a => a.ToArray()).ToArray();
        var minus = inputs.Select(a => a.ToArray()).ToArray();
        plus[i][j] += h;
        minus[i][j] -= h;
        return (loss(plus) - loss(minus)) / (2 * h);
    }

    private static double[] Values(int n, int seed, double lo, double hi)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
    }

    private static double[] Weights(int n, int seed) => Values(n, seed, -1, 1);

    private static TensorValue Doubles(double[] values, int[] shape)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorValue(DType.Double, shape.Select(d => (long)d).ToArray(), bytes);
    }
}
