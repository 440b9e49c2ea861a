using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// After N training steps on the same batch the moving statistics of every flavour are the closed
/// form v_N = value·(1 − decayᴺ) + initial·decayᴺ, with value the batch mean and the batch variance
/// the flavour feeds (biased for the non-fused paths, σ²·m/(m−1) for the fused ones).
/// </summary>
public class MovingStatsClosedFormTests
{
    private const int Steps = 10;
    private const double Momentum = 0.9;
    private static readonly int[] Dense = { 8, 5 };
    private static readonly int[] Conv = { 2, 2, 2, 4 }; // m = 8: the Bessel factor 8/7 is far outside any tolerance

    /// <summary>(flavour, rank, builds the layer with its training flag, the variance it feeds, TF's float32 1 − momentum).</summary>
    public static TheoryData<string> Flavours() => new()
    {
        "layers fused", "layers fused via placeholder_with_default", "layers non-fused", "layers fused=False",
        "contrib rank 2", "contrib rank 4", "contrib updates_collections=None", "contrib via placeholder", "hand-written",
    };

    private sealed record Case(int[] Shape, Func<Tensor, Tensor?, Tensor> Build, VarianceFed Fed, double TfDecay, bool Placeholder = false);

    private static Case Describe(string name)
    {
        // keras fused: a float32 Sub(1, momentum); keras non-fused and moving_averages: float32(1 − momentum in double).
        var fusedDecay = 1 - (double)(1f - (float)Momentum);
        var constDecay = 1 - (double)(float)(1 - Momentum);
        Tensor Layers(Tensor x, object training, bool? fused = null) =>
            tf.layers.batch_normalization(x, momentum: Momentum, training: training, fused: fused);
        Tensor Contrib(Tensor x, object training, string? collections = GraphKeys.UPDATE_OPS) =>
            tf.contrib.layers.batch_norm(x, decay: Momentum, is_training: training, updates_collections: collections);
        return name switch
        {
            "layers fused" => new(Conv, (x, _) => Layers(x, true), VarianceFed.BesselCorrected, fusedDecay),
            "layers fused via placeholder_with_default" => new(Conv, (x, flag) => Layers(x, flag!), VarianceFed.BesselCorrected, fusedDecay, true),
            "layers non-fused" => new(Dense, (x, _) => Layers(x, true), VarianceFed.Biased, constDecay),
            "layers fused=False" => new(Conv, (x, _) => Layers(x, true, fused: false), VarianceFed.Biased, constDecay),
            "contrib rank 2" => new(Dense, (x, _) => Contrib(x, true), VarianceFed.BesselCorrected, constDecay),
            "contrib rank 4" => new(Conv, (x, _) => Contrib(x, true), VarianceFed.BesselCorrected, fusedDecay),
            "contrib updates_collections=None" => new(Dense, (x, _) => Contrib(x, true, null), VarianceFed.BesselCorrected, constDecay),
            "contrib via placeholder" => new(Conv, (x, flag) => Contrib(x, flag!), VarianceFed.BesselCorrected, fusedDecay, true),
            "hand-written" => new(Conv, (x, _) => HandWritten(x), VarianceFed.Biased, Momentum),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>Seed 001: moments, tf.assign(pop, pop*decay + batch*(1-decay)), normalization under control_dependencies.</summary>
    private static Tensor HandWritten(Tensor x)
    {
        var c = (int)x.Shape[-1];
        var gamma = tf.Variable(tf.ones(new[] { c }), name: "gamma");
        var beta = tf.Variable(tf.zeros(new[] { c }), name: "beta");
        var movingMean = tf.Variable(tf.zeros(new[] { c }), trainable: false, name: "moving_mean");
        var movingVar = tf.Variable(tf.ones(new[] { c }), trainable: false, name: "moving_variance");
        var (mean, variance) = tf.nn.moments(x, Enumerable.Range(0, x.Shape.Rank - 1).ToArray());
        var trainMean = tf.assign(movingMean, movingMean.Snapshot * Momentum + mean * (1 - Momentum));
        var trainVar = tf.assign(movingVar, movingVar.Snapshot * Momentum + variance * (1 - Momentum));
        using (tf.control_dependencies(new object[] { trainMean, trainVar }))
            return tf.nn.batch_normalization(x, mean, variance, beta, gamma, 0.001);
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public void MovingStatisticsAfterNStepsAreTheClosedForm(string flavour)
    {
        var c = Describe(flavour);
        var (mean, variance, moments) = Train(c);
        var expectedMean = moments.Mean.Select(v => MovingAverage.AfterConstant(0, v, c.TfDecay, Steps)).ToArray();
        var fed = c.Fed == VarianceFed.Biased ? moments.Variance : moments.BesselVariance;
        var expectedVariance = fed.Select(v => MovingAverage.AfterConstant(1, v, c.TfDecay, Steps)).ToArray();
        // Each step rounds the float32 variable once more: 1e-5 + N·1e-7 relative.
        BnTestKit.Close(expectedMean, mean, 1e-5 + Steps * 1e-7, what: $"{flavour} moving_mean");
        BnTestKit.Close(expectedVariance, variance, 1e-5 + Steps * 1e-7, what: $"{flavour} moving_variance");
    }

    [Theory]
    [InlineData("layers fused")]
    [InlineData("contrib rank 2")]
    public void FusedPathsFeedTheBesselCorrectedVarianceNotTheBiasedOne(string flavour)
    {
        var c = Describe(flavour);
        var (_, variance, moments) = Train(c);
        var biased = moments.Variance.Select(v => MovingAverage.AfterConstant(1, v, c.TfDecay, Steps)).ToArray();
        var worst = biased.Select((e, i) => Math.Abs(variance[i] - e) / e).Max();
        Assert.True(worst > 1e-3, $"{flavour}: the moving variance matches the biased variance ({worst:E2}); TF's fused kernel feeds σ²·m/(m−1).");
    }

    private static (float[] Mean, float[] Variance, BatchMoments Moments) Train(Case c)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(c.Shape), name: "x");
        var flag = c.Placeholder ? tf.placeholder_with_default(false, TensorShape.Scalar, name: "training") : null;
        var y = c.Build(x, flag);
        var updates = BnTestKit.UpdateOps(graph);
        var movingMean = tf.global_variables().Single(v => v.OpName.EndsWith("moving_mean"));
        var movingVar = tf.global_variables().Single(v => v.OpName.EndsWith("moving_variance"));
        var batch = BnTestKit.Batch(c.Shape, seed: 7);
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var feed = new FeedDict { { x, BnTestKit.Value(batch, c.Shape) } };
        if (flag is not null) feed.Add(flag, true);
        for (var step = 0; step < Steps; step++) sess.RunValues(new[] { y }, updates, feed);
        return (BnTestKit.Read(sess, movingMean), BnTestKit.Read(sess, movingVar), BatchMoments.Of(new Batch(BnTestKit.Widen(batch), c.Shape)));
    }
}
