namespace TfBnPort.Tests.Reference;

using TfBnPort.Reference;

/// <summary>
/// The closed-form gradients against central finite differences of L = Σ w⊙y for random w
/// (so ∂L/∂y = w), in float64.
/// </summary>
public class BackwardTests
{
    private const double Epsilon = 1e-3;
    private const double Tolerance = 1e-7;

    public static TheoryData<int[]> Shapes => new() { new[] { 6, 3 }, new[] { 2, 3, 2, 4 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_gradients_match_finite_differences(int[] shape)
    {
        var (x, gamma, beta, w) = Inputs(shape, seed: 10);

        var grads = BatchNormReference.Backward(w, BatchNormReference.ForwardTraining(x, shape, gamma, beta, Epsilon));

        double Loss(double[] xs, double[] g, double[] b)
            => TestData.Dot(w, BatchNormReference.ForwardTraining(xs, shape, g, b, Epsilon).Output.ToArray());

        TestData.AllClose(TestData.NumericGradient(x, v => Loss(v, gamma, beta)), grads.Dx.ToArray(), Tolerance, "dx");
        TestData.AllClose(TestData.NumericGradient(gamma, v => Loss(x, v, beta)), grads.DGamma, Tolerance, "dγ");
        TestData.AllClose(TestData.NumericGradient(beta, v => Loss(x, gamma, v)), grads.DBeta, Tolerance, "dβ");
        Assert.Equal(shape, grads.Dx.ShapeArray());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Inference_gradients_match_finite_differences_with_constant_moving_statistics(int[] shape)
    {
        var (x, gamma, beta, w) = Inputs(shape, seed: 20);
        int channels = shape[^1];
        double[] movingMean = TestData.Uniform(21, channels, -1, 1);
        double[] movingVariance = TestData.Uniform(22, channels, 0.5, 3);

        var grads = BatchNormReference.Backward(w,
            BatchNormReference.ForwardInference(x, shape, movingMean, movingVariance, gamma, beta, Epsilon));

        double Loss(double[] xs, double[] g, double[] b) => TestData.Dot(w,
            BatchNormReference.ForwardInference(xs, shape, movingMean, movingVariance, g, b, Epsilon).Output.ToArray());

        TestData.AllClose(TestData.NumericGradient(x, v => Loss(v, gamma, beta)), grads.Dx.ToArray(), Tolerance, "dx");
        TestData.AllClose(TestData.NumericGradient(gamma, v => Loss(x, v, beta)), grads.DGamma, Tolerance, "dγ");
        TestData.AllClose(TestData.NumericGradient(beta, v => Loss(x, gamma, v)), grads.DBeta, Tolerance, "dβ");
    }

    [Fact]
    public void Training_and_inference_gradients_differ_even_with_the_batch_statistics_as_moving_statistics()
    {
        // Same forward output, but in training μ and σ² depend on x: that extra path must show in dx.
        int[] shape = [6, 3];
        var (x, gamma, beta, w) = Inputs(shape, seed: 30);
        var train = BatchNormReference.ForwardTraining(x, shape, gamma, beta, Epsilon);
        var infer = BatchNormReference.ForwardInference(x, shape, train.Mean, train.Variance, gamma, beta, Epsilon);
        TestData.AllClose(train.Output.ToArray(), infer.Output.ToArray(), 1e-14, "y");

        double[] dxTrain = BatchNormReference.Backward(w, train).Dx.ToArray();
        double[] dxInfer = BatchNormReference.Backward(w, infer).Dx.ToArray();
        Assert.True(Deviation.MaxAbs(dxTrain, dxInfer) > 1e-2);
    }

    [Fact]
    public void Hand_example_two_samples_give_zero_dx_because_x_hat_is_always_plus_minus_one()
    {
        // x = [[1, 2], [3, 6]], γ = [2, 0.5], ε = 0: with m = 2, x̂ = ±1 whatever x is, so y does not depend on x.
        // dy = [[1, 0], [0, 0]]: channel 0 Σdy = 1, Σdy·x̂ = 1·(−1) = −1
        //   dx = γ/(m·σ)·(m·dy − Σdy − x̂·Σdy·x̂) = 2/(2·1)·([2, 0] − 1 − [−1, 1]·(−1)) = [0, 0]
        //   dγ = Σdy·x̂ = [−1, 0], dβ = Σdy = [1, 0]
        var f = BatchNormReference.ForwardTraining(new double[,] { { 1, 2 }, { 3, 6 } }, [2, 0.5], [0, 0], 0);
        var g = BatchNormReference.Backward([1.0, 0, 0, 0], f);

        Assert.Equal(new double[4], g.Dx.ToArray());
        Assert.Equal(new double[] { -1, 0 }, g.DGamma);
        Assert.Equal(new double[] { 1, 0 }, g.DBeta);
    }

    [Fact]
    public void Hand_example_inference_dx_is_dy_times_gamma_over_std()
    {
        // moving σ² = [3, 0], ε = 1 → 1/√(σ²+ε) = [1/2, 1]; γ = [2, 0.5] → dx = dy·[1, 0.5]
        var f = BatchNormReference.ForwardInference(new double[,] { { 1, 2 }, { 3, 6 } }, [0, 0], [3, 0], [2, 0.5], null, 1);
        var g = BatchNormReference.Backward([1.0, 2, 3, 4], f);

        Assert.Equal(new double[] { 1, 1, 3, 2 }, g.Dx.ToArray());
        // x̂ = (x − 0)·[1/2, 1] = [[0.5, 2], [1.5, 6]] → dγ = [1·0.5 + 3·1.5, 2·2 + 4·6] = [5, 28]
        Assert.Equal(new double[] { 5, 28 }, g.DGamma);
        Assert.Equal(new double[] { 4, 6 }, g.DBeta);
    }

    [Fact]
    public void Dy_must_have_the_forward_shape()
    {
        var f = BatchNormReference.ForwardTraining(new double[,] { { 1, 2 }, { 3, 6 } }, null, null, 1e-3);
        Assert.Throws<ArgumentException>(() => BatchNormReference.Backward([1.0, 2, 3], f));
        Assert.Throws<ArgumentException>(() => BatchNormReference.Backward(new Batch([1.0, 2, 3, 4], [4, 1]), f));
    }

    private static (double[] X, double[] Gamma, double[] Beta, double[] W) Inputs(int[] shape, int seed)
    {
        int count = TestData.Product(shape), channels = shape[^1];
        return (TestData.Uniform(seed, count, -2, 4),
                TestData.Uniform(seed + 1, channels, 0.5, 2),
                TestData.Uniform(seed + 2, channels, -1, 1),
                TestData.Uniform(seed + 3, count, -1, 1));
    }
}
