using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>
/// nn_batchnorm_test.py BatchNormalizationTest, forward cases: tf.nn.batch_normalization (v2), nn_impl's
/// batch_norm_with_global_normalization (v1bw), the raw BatchNormWithGlobalNormalization kernel (v1)
/// and the same formula written with ops, all against the test's NumPy formula
/// (x − m)/√(v + ε)·γ + β rewritten in C# (<see cref="NpBatchNorm"/>). Inputs come from NumPy's own
/// stream (NumSharp's RandomState): seed 1 where the Python test seeds, else
/// 87654321, the seed TensorFlowTestCase.setUp gives NumPy before each test: the same numbers as in Python.
/// </summary>
public class BatchNormalizationTests
{
    private const string File = "tensorflow/python/ops/nn_batchnorm_test.py";
    private const double Epsilon = 0.001;

    /// <summary>_npBatchNorm: the parameters broadcast against x (NumPy rules).</summary>
    internal static double[] NpBatchNorm(double[] x, int[] xShape, double[] m, double[] v, double[] beta, double[] gamma, int[] pShape,
        double epsilon, bool scale, bool shift) =>
        x.Select((xi, i) =>
        {
            var p = BroadcastIndex(i, xShape, pShape);
            var y = (xi - m[p]) / Math.Sqrt(v[p] + epsilon);
            if (scale) y *= gamma[p];
            return shift ? y + beta[p] : y;
        }).ToArray();

    /// <summary>_opsBatchNorm: (x − m)·rsqrt(v + ε), γ·y, + β.</summary>
    internal static Tensor OpsBatchNorm(Tensor x, Tensor m, Tensor v, Tensor beta, Tensor gamma, double epsilon, bool scale, bool shift)
    {
        var y = (x - m) * tf.rsqrt(v + epsilon);
        if (scale) y = gamma * y;
        return shift ? y + beta : y;
    }

    /// <summary>_tfBatchNormV2: nn_impl.batch_normalization with beta/gamma only when shifting/scaling.</summary>
    internal static Tensor TfBatchNormV2(Tensor x, Tensor m, Tensor v, Tensor beta, Tensor gamma, double epsilon, bool scale, bool shift) =>
        tf.nn.batch_normalization(x, m, v, shift ? beta : null, scale ? gamma : null, epsilon);

    /// <summary>_tfBatchNormV1: the original kernel, the graph's producer version lowered to 8 first.</summary>
    internal static Tensor TfBatchNormV1(Tensor x, Tensor m, Tensor v, Tensor beta, Tensor gamma, double epsilon, bool scale)
    {
        SetProducerVersion(x.Graph, 8);
        return tf.raw_ops.BatchNormWithGlobalNormalization(x, m, v, beta, gamma, epsilon, scale);
    }

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNorm")]
    public void BatchNorm()
    {
        // Expected: _npBatchNorm on the same inputs; the four TF flavours must also agree with each other.
        int[] xShape = { 3, 5, 4, 2 }, pShape = { 2 };
        var rng = SetUpRandom();
        var (xv, mv, vv, bv, gv) = (RandomSample(xShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng));
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, DType.Float, "x");
        var m = Const(mv, pShape, DType.Float, "m");
        var v = Const(vv, pShape, DType.Float, "v");
        var beta = Const(bv, pShape, DType.Float, "beta");
        var gamma = Const(gv, pShape, DType.Float, "gamma");
        using var sess = new Session(graph);
        foreach (var scale in new[] { true, false })
            foreach (var shift in new[] { true, false })
            {
                var bn2 = TfBatchNormV2(x, m, v, beta, gamma, Epsilon, scale, shift);
                var bn1bw = tf.nn.batch_norm_with_global_normalization(x, m, v, beta, gamma, Epsilon, scale);
                var bn1 = TfBatchNormV1(x, m, v, beta, gamma, Epsilon, scale);
                var on = OpsBatchNorm(x, m, v, beta, gamma, Epsilon, scale, shift);
                var np = NpBatchNorm(xv, xShape, mv, vv, bv, gv, pShape, Epsilon, scale, shift);
                var r = Run(sess, null, bn2, bn1bw, bn1, on);
                var (tfV2, tfV1bw, tfV1, ops) = (r[0], r[1], r[2], r[3]);
                var what = $"scale={scale} shift={shift}";
                AllClose(np, ops, 1e-5, what: what + " ops");
                AllClose(np, tfV2, 1e-5, what: what + " v2");
                AllClose(tfV2, ops, 1e-5, what: what + " v2 vs ops");
                // shift_after_normalization=False is not supported in v1.
                if (shift)
                {
                    AllClose(np, tfV1bw, 1e-5, what: what + " v1bw");
                    AllClose(np, tfV1, 1e-5, what: what + " v1");
                    AllClose(tfV1, ops, 1e-5, what: what + " v1 vs ops");
                    AllClose(tfV1bw, ops, 1e-5, what: what + " v1bw vs ops");
                }
            }
    }

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormGradImpl")]
    public void BatchNormGradImpl()
    {
        // Expected: tf.gradients of the ops formula (_opsBatchNorm) with the same backprop; the
        // BatchNormWithGlobalNormalizationGrad kernel must give the same five gradients.
        int[] xShape = { 7, 5, 4, 6 }, pShape = { 6 };
        var rng = Seed(1);
        var (xv, mv, vv, bv, gv) = (RandomSample(xShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng));
        var backpropV = RandomSample(xShape, rng);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, DType.Float, "x");
        var m = Const(mv, pShape, DType.Float, "m");
        var v = Const(vv, pShape, DType.Float, "v");
        var beta = Const(bv, pShape, DType.Float, "beta");
        var gamma = Const(gv, pShape, DType.Float, "gamma");
        var backprop = Const(backpropV, xShape, DType.Float, "backprop");
        using var sess = new Session(graph);
        foreach (var scale in new[] { true, false })
        {
            SetProducerVersion(graph, 8);
            var (dx, dm, dv, db, dg) = tf.raw_ops.BatchNormWithGlobalNormalizationGrad(x, m, v, gamma, backprop, Epsilon, scale);
            var on = OpsBatchNorm(x, m, v, beta, gamma, Epsilon, scale, true);
            var o = tf.gradients(new[] { on }, new object[] { x, m, v, beta, gamma }, new Tensor?[] { backprop });
            var kernel = scale ? new[] { dx, dm, dv, db, dg } : new[] { dx, dm, dv, db };
            var ops = o.Take(kernel.Length).Select(t => t!).ToArray();
            var values = Run(sess, null, kernel.Concat(ops).ToArray());
            string[] names = { "dx", "dm", "dv", "db", "dg" };
            for (var i = 0; i < kernel.Length; i++)
                AllClose(values[i + kernel.Length], values[i], 1e-6, 1e-6, $"scale={scale} {names[i]}");
        }
    }

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormKeepDims")]
    public void BatchNormKeepDims()
    {
        // Expected: parameters of shape (1, 1, 1, depth) give the same result as parameters of shape (depth).
        int[] xShape = { 3, 5, 4, 2 }, pShape = { 2 }, keepShape = { 1, 1, 1, 2 };
        var rng = SetUpRandom();
        var (xv, mv, vv, bv, gv) = (RandomSample(xShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng), RandomSample(pShape, rng));
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, DType.Float, "x");
        var m = Const(mv, pShape, DType.Float, "m");
        var v = Const(vv, pShape, DType.Float, "v");
        var beta = Const(bv, pShape, DType.Float, "beta");
        var gamma = Const(gv, pShape, DType.Float, "gamma");
        var km = tf.reshape(m, keepShape, name: "keep_dims_m");
        var kv = tf.reshape(v, keepShape, name: "keep_dims_v");
        var kb = tf.reshape(beta, keepShape, name: "keep_dims_beta");
        var kg = tf.reshape(gamma, keepShape, name: "keep_dims_gamma");
        using var sess = new Session(graph);
        foreach (var scale in new[] { true, false })
            foreach (var shift in new[] { true, false })
            {
                var bn = TfBatchNormV2(x, m, v, beta, gamma, Epsilon, scale, shift);
                var keepBn = TfBatchNormV2(x, km, kv, kb, kg, Epsilon, scale, shift);
                Assert.Equal(xShape, bn.Shape.AsIntArray());
                Assert.Equal(xShape, keepBn.Shape.AsIntArray());
                var r = Run(sess, null, bn, keepBn);
                Assert.Equal(GradientChecker.Size(xShape), r[0].Length);
                AllClose(r[0], r[1], 1e-6, what: $"scale={scale} shift={shift}");
            }
    }

    /// <summary>_testBatchNormArbitraryShapes: the parameters broadcast against x wherever the depth axes are.</summary>
    private static void ArbitraryShapes(NumSharp.NumPyRandom rng, int[] xShape, int[] pShape, double atol = 1e-4, DType dtype = DType.Float, DType paramDType = DType.Float)
    {
        var (xv, mv, vv, bv, gv) = (RandomSample(xShape, rng, dtype), RandomSample(pShape, rng, paramDType), RandomSample(pShape, rng, paramDType),
            RandomSample(pShape, rng, paramDType), RandomSample(pShape, rng, paramDType));
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = Const(xv, xShape, dtype, "x");
        var m = Const(mv, pShape, paramDType, "m");
        var v = Const(vv, pShape, paramDType, "v");
        var beta = Const(bv, pShape, paramDType, "beta");
        var gamma = Const(gv, pShape, paramDType, "gamma");
        using var sess = new Session(graph);
        foreach (var scale in new[] { true, false })
            foreach (var shift in new[] { true, false })
            {
                var bn = TfBatchNormV2(x, m, v, beta, gamma, Epsilon, scale, shift);
                var np = NpBatchNorm(xv, xShape, mv, vv, bv, gv, pShape, Epsilon, scale, shift);
                Assert.Equal(xShape, bn.Shape.AsIntArray());
                Assert.Equal(dtype, bn.DType.BaseType());
                AllClose(np, Run(sess, bn), atol, what: $"x {string.Join("x", xShape)} params {string.Join("x", pShape)} scale={scale} shift={shift}");
            }
    }

    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormArbitraryShapes")]
    public void BatchNormArbitraryShapes()
    {
        // Expected: _npBatchNorm with NumPy broadcasting of the parameters.
        var rng = SetUpRandom();
        ArbitraryShapes(rng, new[] { 3, 3 }, new[] { 1, 3 });
        ArbitraryShapes(rng, new[] { 3, 3 }, new[] { 3, 1 });
        ArbitraryShapes(rng, new[] { 3, 2, 4, 5 }, new[] { 1, 2, 1, 1 });
        ArbitraryShapes(rng, new[] { 2, 3, 2, 4, 5 }, new[] { 1, 1, 1, 4, 5 }, atol: 0.005);
    }


    [Fact]
    [TfTest(File, "BatchNormalizationTest.testBatchNormMixedPrecision")]
    public void BatchNormMixedPrecision()
    {
        // Expected: _npBatchNorm on the float16 x and float32 parameters; the result is float16.
        ArbitraryShapes(SetUpRandom(), new[] { 3, 3 }, new[] { 1, 3 }, atol: 0.001, dtype: DType.Half, paramDType: DType.Float);
    }
}
