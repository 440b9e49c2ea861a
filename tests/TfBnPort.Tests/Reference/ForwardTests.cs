namespace TfBnPort.Tests.Reference;

using TfBnPort.Reference;

public class ForwardTests
{
    // x = [[1, 2],
    //      [3, 6]]       m = 2 rows, C = 2 channels; γ = [2, 0.5], β = [0.1, −1]
    // channel 0: values 1, 3 → μ = 2, σ² = ((1−2)² + (3−2)²)/2 = 1, Bessel σ²·2/1 = 2
    // channel 1: values 2, 6 → μ = 4, σ² = ((2−4)² + (6−4)²)/2 = 4, Bessel 8
    private static readonly double[,] X = { { 1, 2 }, { 3, 6 } };
    private static readonly double[] Gamma = [2, 0.5];
    private static readonly double[] Beta = [0.1, -1];

    [Fact]
    public void Hand_computed_example_with_epsilon_zero_is_exact()
    {
        // ε = 0: 1/√σ² = [1, 1/2], x̂ = (x − μ)/σ = [[−1, −1], [1, 1]]
        // y = γ·x̂ + β: channel 0 → 2·(∓1) + 0.1 = −1.9, 2.1; channel 1 → 0.5·(∓1) − 1 = −1.5, −0.5
        var f = BatchNormReference.ForwardTraining(X, Gamma, Beta, epsilon: 0);

        Assert.Equal(new double[] { 2, 4 }, f.Mean);
        Assert.Equal(new double[] { 1, 4 }, f.Variance);
        Assert.Equal(new double[] { 2, 8 }, f.BesselVariance);
        Assert.Equal(new double[] { 1, 0.5 }, f.InvStd);
        Assert.Equal(new double[] { -1, -1, 1, 1 }, f.Normalized.ToArray());
        Assert.Equal(new double[] { -1.9, -1.5, 2.1, -0.5 }, f.Output.ToArray());
        Assert.Equal(new[] { 2, 2 }, f.Output.ShapeArray());
    }

    [Fact]
    public void Hand_computed_example_with_epsilon_one_thousandth()
    {
        // ε = 0.001: 1/√1.001 = 0.9995003746877732, 1/√4.001 = 0.49993751171630907 (Python float64)
        // y = [2·(−0.99950…) + 0.1, 0.5·(−2·0.49993…) − 1, 2·0.99950… + 0.1, 0.5·(2·0.49993…) − 1]
        var f = BatchNormReference.ForwardTraining(X, Gamma, Beta, epsilon: 1e-3);

        TestData.AllClose([0.9995003746877732, 0.49993751171630907], f.InvStd, 1e-15, "inv std");
        TestData.AllClose(
            [-1.8990007493755463, -1.499937511716309, 2.0990007493755463, -0.5000624882836909],
            f.Output.ToArray(), 1e-15, "y");
    }

    [Fact]
    public void Inference_normalizes_with_the_given_statistics_not_the_batch()
    {
        // moving μ = [0, 1], σ² = [3, 0], ε = 1 → 1/√(σ²+ε) = [1/2, 1]
        // y = γ·(x − μ)·inv + β: [2·1·0.5 + 0.1, 0.5·(2−1)·1 − 1, 2·3·0.5 + 0.1, 0.5·(6−1)·1 − 1]
        var f = BatchNormReference.ForwardInference(X, [0, 1], [3, 0], Gamma, Beta, epsilon: 1);

        Assert.Equal(new double[] { 0.5, 1 }, f.InvStd);
        Assert.Equal(new double[] { 1.1, -0.5, 3.1, 1.5 }, f.Output.ToArray());
        Assert.Equal(new double[] { 0.5, 1, 1.5, 5 }, f.Normalized.ToArray());
    }

    [Fact]
    public void Missing_gamma_and_beta_mean_scale_one_and_offset_zero()
    {
        // contrib's batch_norm has scale=False by default: γ is a constant 1
        var f = BatchNormReference.ForwardTraining(X, gamma: null, beta: null, epsilon: 0);
        Assert.Equal(new double[] { -1, -1, 1, 1 }, f.Output.ToArray());
        Assert.Equal(new double[] { 1, 1 }, f.Gamma);
        Assert.Equal(new double[] { 0, 0 }, f.Beta);
    }

    [Theory]
    [InlineData(new[] { 7, 3 })]
    [InlineData(new[] { 2, 3, 4, 5 })]
    public void Output_has_per_channel_mean_beta_and_variance_gamma_squared_times_shrink(int[] shape)
    {
        int channels = shape[^1];
        double[] x = TestData.Uniform(1, TestData.Product(shape), -3, 5);
        double[] gamma = TestData.Uniform(2, channels, 0.5, 2);
        double[] beta = TestData.Uniform(3, channels, -1, 1);
        const double epsilon = 0.05;   // large enough that ignoring it would fail the check

        var f = BatchNormReference.ForwardTraining(x, shape, gamma, beta, epsilon);
        var y = BatchMoments.Of(f.Output);

        for (int c = 0; c < channels; c++)
        {
            double sigma2 = f.Variance[c];
            double expected = gamma[c] * gamma[c] * sigma2 / (sigma2 + epsilon);   // Var(γ·x̂ + β) = γ²·σ²/(σ² + ε)
            Assert.Equal(beta[c], y.Mean[c], 1e-12);
            Assert.Equal(expected, y.Variance[c], 1e-12);
            Assert.True(Math.Abs(gamma[c] * gamma[c] - y.Variance[c]) > 1e-4, "ε should visibly shrink the variance");
        }
    }

    [Fact]
    public void Bessel_variance_uses_m_equal_N_H_W_for_rank_4()
    {
        int[] shape = [2, 3, 3, 4];   // m = 18 samples per channel
        double[] x = TestData.Uniform(4, TestData.Product(shape), 0, 10);
        var f = BatchNormReference.ForwardTraining(x, shape, null, null, 1e-3);

        for (int c = 0; c < 4; c++)
        {
            // independent: the unbiased sample variance Σ(x − x̄)²/(m − 1), gathered from the flat NHWC layout
            double[] channel = x.Where((_, i) => i % 4 == c).ToArray();
            Assert.Equal(18, channel.Length);
            double mean = channel.Average();
            double unbiased = channel.Sum(v => (v - mean) * (v - mean)) / 17;
            Assert.Equal(mean, f.Mean[c], 1e-12);
            Assert.Equal(unbiased * 17 / 18, f.Variance[c], 1e-12);
            Assert.Equal(unbiased, f.BesselVariance[c], 1e-12);
        }
    }

    [Fact]
    public void Bessel_factor_is_m_over_m_minus_1_and_one_for_a_single_sample()
    {
        Assert.Equal(1.0, BatchMoments.BesselFactor(1));   // TF kernel: rest_size_minus_one = 1 when rest_size = 1
        Assert.Equal(2.0, BatchMoments.BesselFactor(2));
        Assert.Equal(64.0 / 63.0, BatchMoments.BesselFactor(64));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchMoments.BesselFactor(0));
    }

    [Fact]
    public void Single_sample_batch_has_zero_variance_and_normalizes_to_beta()
    {
        // m = 1: μ = x, σ² = 0, Bessel σ²·1 = 0 (no division by m − 1 = 0), x̂ = 0, y = β
        var f = BatchNormReference.ForwardTraining([5.0, -2.0, 7.5], [1, 3], [2, 3, 4], [0.1, 0.2, 0.3], 1e-3);

        Assert.Equal(1, f.Moments.Count);
        Assert.Equal(new[] { 5.0, -2.0, 7.5 }, f.Mean);
        Assert.Equal(new double[3], f.Variance);
        Assert.Equal(new double[3], f.BesselVariance);
        Assert.Equal(new[] { 0.1, 0.2, 0.3 }, f.Output.ToArray());
    }

    [Fact]
    public void Zero_variance_with_zero_epsilon_is_refused_rather_than_dividing_by_zero()
    {
        Assert.Throws<ArgumentException>(() => BatchNormReference.ForwardTraining([5.0, 5.0], [2, 1], null, null, 0));
    }

    [Fact]
    public void Fused_epsilon_floor_raises_small_epsilons_to_1_001e_minus_5()
    {
        Assert.Equal(1.001e-5, FusedEpsilon.Floor(1e-5));
        Assert.Equal(1.001e-5, FusedEpsilon.Floor(0));
        Assert.Equal(1e-3, FusedEpsilon.Floor(1e-3));
    }

    [Fact]
    public void Parameter_lengths_must_match_the_channels()
    {
        Assert.Throws<ArgumentException>(() => BatchNormReference.ForwardTraining(X, [1, 1, 1], null, 1e-3));
        Assert.Throws<ArgumentException>(() => BatchNormReference.ForwardInference(X, [0], [1, 1], null, null, 1e-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormReference.ForwardTraining(X, null, null, -1));
    }
}
