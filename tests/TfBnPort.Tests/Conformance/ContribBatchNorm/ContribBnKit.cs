using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Conformance.ContribBatchNorm;

/// <summary>
/// The NumPy and test_util pieces BatchNormTest (TF 1.15 contrib/layers/python/layers/layers_test.py)
/// leans on, rewritten in C#: np.random.rand data, np.mean/np.var over axes, _addBesselsCorrection,
/// assertAllClose, and running a graph the way the tests' sessions do.
/// </summary>
internal static class ContribBnKit
{
    public const string LayersTestPy = "tensorflow/contrib/layers/python/layers/layers_test.py";

    /// <summary>np.random.rand(*shape): uniform [0, 1) doubles (the assertions hold for any such draw).</summary>
    public static double[] Rand(int[] shape, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, Size(shape)).Select(_ => rng.NextDouble()).ToArray();
    }

    public static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    /// <summary>np.mean(values, axis=all but <paramref name="channelAxis"/>) and np.var (biased), in float64.</summary>
    public static (double[] Mean, double[] Var) MeanVar(double[] values, int[] shape, int channelAxis)
    {
        var channels = shape[channelAxis];
        var inner = shape.Skip(channelAxis + 1).Aggregate(1, (a, b) => a * b);
        var count = values.Length / channels;
        var sum = new double[channels];
        for (var i = 0; i < values.Length; i++) sum[i / inner % channels] += values[i];
        var mean = sum.Select(s => s / count).ToArray();
        var sq = new double[channels];
        for (var i = 0; i < values.Length; i++)
        {
            var d = values[i] - mean[i / inner % channels];
            sq[i / inner % channels] += d * d;
        }
        return (mean, sq.Select(s => s / count).ToArray());
    }

    /// <summary>_addBesselsCorrection: expected_var · n/(n−1), and the factor.</summary>
    public static (double[] Var, double Factor) AddBesselsCorrection(int sampleSize, double[] expectedVar)
    {
        var factor = sampleSize / (double)(sampleSize - 1);
        return (expectedVar.Select(v => v * factor).ToArray(), factor);
    }

    /// <summary>constant_op.constant(values, shape, dtype=float32).</summary>
    public static Tensor Constant(double[] values, int[] shape, DType dtype = DType.Float) =>
        tf.constant(Value(values, shape).CastTo(dtype), name: "Const");

    public static TensorValue Value(double[] values, int[] shape)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorValue(DType.Double, shape.Select(d => (long)d).ToArray(), bytes);
    }

    public static double[] Fetch(Session sess, Tensor t, FeedDict? feed = null) =>
        sess.RunValues(new[] { t }, Array.Empty<Operation>(), feed)[0].CastTo(DType.Double).ToArray<double>();

    public static double[] Fetch(Session sess, Variable v) => Fetch(sess, v.Snapshot);

    public static void Run(Session sess, Tensor t, FeedDict? feed = null) => sess.RunValues(new[] { t }, Array.Empty<Operation>(), feed);

    public static FeedDict Feed(object key, object value) => new() { { key, value } };

    /// <summary>np.allclose (rtol 1e-5, atol 1e-8 by default): every |a − b| ≤ atol + rtol·|b|.</summary>
    public static bool AllClose(IReadOnlyList<double> a, IReadOnlyList<double> b, double rtol = 1e-5, double atol = 1e-8) =>
        a.Count == b.Count && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= atol + rtol * Math.Abs(p.Second));

    /// <summary>test_util.assertAllClose (rtol = atol = 1e-6 by default), naming the worst element.</summary>
    public static void AssertAllClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double rtol = 1e-6, double atol = 1e-6, string what = "") =>
        TfAssert.AllClose(expected, actual, rtol, atol, what);

    public static void AssertAllClose(double expected, IReadOnlyList<double> actual, string what = "") =>
        AssertAllClose(Enumerable.Repeat(expected, actual.Count).ToArray(), actual, what: what);

    /// <summary>with ops.control_dependencies(update_ops): barrier = no_op('barrier'); with_dependencies([barrier], output).</summary>
    public static Tensor AfterUpdates(Graph graph, Tensor output)
    {
        Operation barrier;
        using (graph.ControlDependencies(graph.GetCollection(GraphKeys.UPDATE_OPS))) barrier = tf.no_op("barrier");
        return ControlFlowOps.WithDependencies(new object[] { barrier }, output);
    }

    /// <summary>The one variable variables.get_variables(name) finds (the tests index [0] after the scope match).</summary>
    public static Variable Var(string scope) => tf.contrib.framework.get_variables(scope)[0];

    /// <summary>Image shape and moment axes for a data format, as the tests build them.</summary>
    public static (int[] Shape, int ChannelAxis) Layout(string dataFormat, int batch, int height, int width, int channels) =>
        dataFormat == "NHWC" ? (new[] { batch, height, width, channels }, 3) : (new[] { batch, channels, height, width }, 1);
}
