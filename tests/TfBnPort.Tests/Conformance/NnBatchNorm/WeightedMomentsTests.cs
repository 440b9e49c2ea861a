using NumSharp;
using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.NnBatchNorm.NnKit;
using DType = TfBnPort.Tensorflow.DType;

namespace TfBnPort.Tests.Conformance.NnBatchNorm;

/// <summary>
/// nn_batchnorm_test.py WeightedMomentsTest: MomentsTest's cases with tf.nn.weighted_moments and a
/// constant weight of 1 (also differentiated), plus RunWeightedMomentTest with positive random weights
/// broadcast in every position. Expected: the test's weighted NumPy formulas, Σw·x/Σw and Σw·x²/Σw − mean².
/// </summary>
public class WeightedMomentsTests : MomentsTestBase
{
    protected override (Tensor Mean, Tensor Variance) UnweightedMoments(Tensor x, int[] axes, bool keepDims, List<Tensor>? extraOutGrads = null)
    {
        var weights = tf.constant(TensorValue.From(1).CastTo(x.DType.BaseType()));
        extraOutGrads?.Add(weights);
        return tf.nn.weighted_moments(x, axes, weights, keep_dims: keepDims);
    }

    /// <summary>WeightedMomentsTest.RunMomentTest: the inherited check, then weights of x's shape and broadcast ones.</summary>
    private void RunWeighted(NumPyRandom rng, int[] shape, int[] axes, bool keepDims, DType dtype, bool dynshapes)
    {
        if (!dynshapes) base.RunMomentTest(rng, shape, axes, keepDims, dtype);
        else base.RunMomentTestWithDynamicShape(rng, shape, axes, keepDims, dtype);
        RunWeightedMomentTest(rng, shape, shape, axes, keepDims, dtype);
        for (var idx = 0; idx < shape.Length; idx++)
        {
            var weightShape = Enumerable.Repeat(1, shape.Length).ToArray();
            weightShape[idx] = shape[idx];
            RunWeightedMomentTest(rng, shape, weightShape, axes, keepDims, dtype);
            RunWeightedMomentTest(rng, shape, shape[^(idx + 1)..], axes, keepDims, dtype, dynshapes);
        }
    }

    protected override void RunMomentTest(NumPyRandom rng, int[] shape, int[] axes, bool keepDims, DType dtype) => RunWeighted(rng, shape, axes, keepDims, dtype, false);

    protected override void RunMomentTestWithDynamicShape(NumPyRandom rng, int[] shape, int[] axes, bool keepDims, DType dtype) => RunWeighted(rng, shape, axes, keepDims, dtype, true);

    private static void RunWeightedMomentTest(NumPyRandom rng, int[] shape, int[] weightsShape, int[] axes, bool keepDims, DType dtype, bool dynshapes = false)
    {
        var xv = Normal(shape, rng);
        var wv = Normal(weightsShape, rng, loc: 1.0).Select(Math.Abs).ToArray();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(dtype, new TensorShape(shape.Select(d => dynshapes ? -1L : d).ToArray()));
        var w = tf.placeholder(dtype, new TensorShape(weightsShape.Select(d => dynshapes ? -1L : d).ToArray()));
        var (mean, variance) = tf.nn.weighted_moments(x, axes, w, keep_dims: keepDims);
        using var sess = new Session(graph);
        var r = Run(sess, new FeedDict { { x, GradientChecker.Value(xv, shape, DType.Float) }, { w, GradientChecker.Value(wv, weightsShape, DType.Float) } }, mean, variance);
        // _np_weighted_sum: Σ weights·v over the axes, the weights broadcast against x.
        double Weight(int flat) => wv[BroadcastIndex(flat, shape, weightsShape)];
        var weightSum = SumOver(Enumerable.Repeat(1.0, xv.Length).ToArray(), shape, axes, Weight);
        var expectedMean = SumOver(xv, shape, axes, Weight).Select((s, i) => s / weightSum[i]).ToArray();
        var expectedSquares = SumOver(xv.Select(v => v * v).ToArray(), shape, axes, Weight).Select((s, i) => s / weightSum[i]).ToArray();
        var expectedVariance = expectedSquares.Select((s, i) => s - expectedMean[i] * expectedMean[i]).ToArray();
        var what = $"{dtype.PyName()} weights [{string.Join(",", weightsShape)}] axes [{string.Join(",", axes)}] keep_dims={keepDims} dynamic={dynshapes}";
        AllCloseAccordingToType(expectedMean, r[0], dtype, what + " mean");
        AllCloseAccordingToType(expectedVariance, r[1], dtype, what + " variance");
    }

    [Fact]
    [TfTest(File, "WeightedMomentsTest.testBasic")]
    public void TestBasic() => Basic();

    [Fact]
    [TfTest(File, "WeightedMomentsTest.testGlobalNormalization")]
    public void TestGlobalNormalization() => GlobalNormalization();

    [Fact]
    [TfTest(File, "WeightedMomentsTest.testAxes")]
    public void TestAxes() => Axes();

    [Fact]
    [TfTest(File, "WeightedMomentsTest.testMeanGlobalGradient")]
    public void MeanGlobalGradient() => GlobalGradient("mean");

    [Fact]
    [TfTest(File, "WeightedMomentsTest.testVarGlobalGradient")]
    public void VarGlobalGradient() => GlobalGradient("var");
}
