using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>Small helpers the batch-norm tests share: deterministic float32 data, feeds, and reading values back.</summary>
internal static class BnTestKit
{
    /// <summary>Row-major channel-last data: channel c has mean means[c % …] and spread stds[c % …], plus noise.</summary>
    public static float[] Batch(int[] shape, int seed, double meanRange = 2, double stdMin = 0.5, double stdMax = 2)
    {
        var rng = new Random(seed);
        var channels = shape[^1];
        var means = Enumerable.Range(0, channels).Select(_ => meanRange * (2 * rng.NextDouble() - 1)).ToArray();
        var stds = Enumerable.Range(0, channels).Select(_ => stdMin + (stdMax - stdMin) * rng.NextDouble()).ToArray();
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(means[i % channels] + stds[i % channels] * (rng.NextDouble() * 2 - 1) * Math.Sqrt(3));
        return values;
    }

    /// <summary>Values uniform in [lo, hi), as float32.</summary>
    public static float[] Uniform(int n, int seed, double lo, double hi)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(lo + (hi - lo) * rng.NextDouble())).ToArray();
    }

    public static TensorValue Value(float[] values, int[] shape)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorValue(DType.Float, shape.Select(d => (long)d).ToArray(), bytes);
    }

    public static float[] Read(Session sess, Tensor t, FeedDict? feed = null) =>
        sess.RunValues(new[] { t }, Array.Empty<Operation>(), feed)[0].ToArray<float>();

    public static float[] Read(Session sess, Variable v) => Read(sess, v.Snapshot);

    public static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    /// <summary>UPDATE_OPS as operations (tf.layers files Operations, contrib Tensors).</summary>
    public static List<Operation> UpdateOps(Graph graph) =>
        graph.GetCollection(GraphKeys.UPDATE_OPS).Select(u => u as Operation ?? ((Tensor)u).Op).ToList();

    /// <summary>The variable of the graph named exactly <paramref name="opName"/>.</summary>
    public static Variable Var(Graph graph, string opName) =>
        graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).Cast<Variable>().Single(v => v.OpName == opName);

    /// <summary>Asserts max |a − e| / max(|e|, floor) ≤ tolerance, naming the worst element.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance, double floor = 1.0, string what = "")
    {
        Assert.Equal(expected.Count, actual.Count);
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < expected.Count; i++)
        {
            var rel = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor);
            if (double.IsNaN(rel)) { worst = double.NaN; at = i; break; }
            if (rel > worst) { worst = rel; at = i; }
        }
        Assert.True(worst <= tolerance, $"{what}: element {at} is {(at >= 0 ? actual[at] : 0)}, expected {(at >= 0 ? expected[at] : 0)} (relative deviation {worst:E2} > {tolerance:E1})");
    }
}
