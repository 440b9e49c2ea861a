using NumSharp;
using DType = TfBnPort.Tensorflow.DType;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>
/// What the ported tf.nn tests share, in the words of TF's test_util: random_sample data, constants
/// of a dtype, running tensors to float64, and assertAllClose / assertAllCloseAccordingToType.
/// </summary>
internal static class NnKit
{
    /// <summary>
    /// np.random.seed(seed) as a RandomState of its own: NumSharp's MT19937 stream is NumPy's legacy one,
    /// so a test seeded in Python (np.random.seed(1)) draws here exactly the numbers it draws there.
    /// </summary>
    public static NumPyRandom Seed(int seed) => np.random.RandomState(seed);

    /// <summary>random_seed.DEFAULT_GRAPH_SEED: TensorFlowTestCase.setUp seeds NumPy with it before every test.</summary>
    public const int DefaultGraphSeed = 87654321;

    /// <summary>NumPy's state at the start of a TF test (setUp's np.random.seed(87654321)): what a test that seeds nothing draws from.</summary>
    public static NumPyRandom SetUpRandom() => Seed(DefaultGraphSeed);

    /// <summary>np.random.random_sample(shape).astype(dtype): uniform [0, 1), rounded to <paramref name="dtype"/>.</summary>
    public static double[] RandomSample(int[] shape, NumPyRandom rng, DType dtype = DType.Float) =>
        Round(rng.random_sample(shape.Length == 0 ? new long[] { 1 } : shape.Select(d => (long)d).ToArray()).ToArray<double>(), shape, dtype);

    /// <summary>np.random.normal(size=shape, loc=loc).astype(float32).</summary>
    public static double[] Normal(int[] shape, NumPyRandom rng, double loc = 0) =>
        Round(rng.normal(loc, 1.0, new Shape(shape)).ToArray<double>(), shape, DType.Float);

    /// <summary>The values as <paramref name="dtype"/> stores them (what astype does).</summary>
    public static double[] Round(double[] values, int[] shape, DType dtype) => GradientChecker.Value(values, shape, dtype).ToDoubleArray();

    public static Tensor Const(double[] values, int[] shape, DType dtype, string name = "Const") =>
        tf.constant(GradientChecker.Value(values, shape, dtype), name: name);

    public static double[][] Run(Session sess, FeedDict? feed, params Tensor[] tensors) =>
        sess.RunValues(tensors, Array.Empty<Operation>(), feed).Select(v => v.ToDoubleArray()).ToArray();

    public static double[] Run(Session sess, Tensor t, FeedDict? feed = null) => Run(sess, feed, t)[0];

    /// <summary>
    /// test_util.set_producer_version(graph, 8): importing an empty GraphDef whose producer is 8 lowers
    /// the graph's producer version to 8 (TF keeps the minimum), which deprecated ops such as
    /// BatchNormWithGlobalNormalization (gone at version 9) need to run.
    /// </summary>
    public static void SetProducerVersion(Graph graph, int version)
    {
        using var _ = graph.as_default();
        tf.import_graph_def(new GraphDef { Versions = new VersionDef { Producer = version } }, name: "");
    }

    /// <summary>np.allclose as TF's assertAllClose uses it: |a − e| ≤ atol + rtol·|e| everywhere, shapes equal.</summary>
    public static void AllClose(double[] expected, double[] actual, double atol = 1e-6, double rtol = 1e-6, string what = "") =>
        TfAssert.AllClose(expected, actual, rtol, atol, what, nanEqualsNan: true);

    /// <summary>assertAllCloseAccordingToType: 1e-6 for float32/float64, 1e-3 for float16 (rtol and atol).</summary>
    public static void AllCloseAccordingToType(double[] expected, double[] actual, DType dtype, string what = "")
    {
        var tol = dtype == DType.Half ? 1e-3 : 1e-6;
        AllClose(expected, actual, tol, tol, what);
    }

    /// <summary>Sum of <paramref name="x"/> (row-major, <paramref name="shape"/>) over <paramref name="axes"/>: the reduced values in row-major order of the kept axes.</summary>
    public static double[] SumOver(double[] x, int[] shape, int[] axes, Func<int, double>? weight = null)
    {
        var kept = Enumerable.Range(0, shape.Length).Where(d => !axes.Contains(d)).ToArray();
        var outSize = kept.Aggregate(1, (a, d) => a * shape[d]);
        var result = new double[outSize];
        var index = new int[shape.Length];
        for (var flat = 0; flat < x.Length; flat++)
        {
            var rem = flat;
            for (var d = shape.Length - 1; d >= 0; d--) { index[d] = rem % shape[d]; rem /= shape[d]; }
            var o = 0;
            foreach (var d in kept) o = o * shape[d] + index[d];
            result[o] += x[flat] * (weight?.Invoke(flat) ?? 1);
        }
        return result;
    }

    /// <summary>The flat index of <paramref name="flat"/>'s position in a broadcast operand of shape <paramref name="bShape"/> (NumPy broadcasting, right-aligned).</summary>
    public static int BroadcastIndex(int flat, int[] shape, int[] bShape)
    {
        var index = new int[shape.Length];
        var rem = flat;
        for (var d = shape.Length - 1; d >= 0; d--) { index[d] = rem % shape[d]; rem /= shape[d]; }
        var o = 0;
        var offset = shape.Length - bShape.Length;
        for (var d = 0; d < bShape.Length; d++) o = o * bShape[d] + (bShape[d] == 1 ? 0 : index[d + offset]);
        return o;
    }
}
