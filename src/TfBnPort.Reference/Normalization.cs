namespace TfBnPort.Reference;

/// <summary>
/// The one transform shared by training and inference: given per-channel μ and σ²,
/// x̂ = (x − μ) / √(σ² + ε) and y = γ·x̂ + β.
/// </summary>
/// <remarks>
/// TF computes the same thing in other arrangements that round differently in float32:
/// <c>tf.nn.batch_normalization</c> as x·inv + (β − μ·inv) with inv = γ·rsqrt(σ² + ε), the fused
/// kernel as (x − μ)·(rsqrt(σ² + ε)·γ) + β. In exact arithmetic they are all this formula.
/// </remarks>
internal static class Normalization
{
    internal readonly record struct Result(Batch Normalized, Batch Output, double[] InvStd);

    internal static Result Apply(Batch x, double[] mean, double[] variance, double[] gamma, double[] beta, double epsilon)
    {
        int m = x.Rows, channels = x.Channels;
        var invStd = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double denominator = variance[c] + epsilon;
            if (!(denominator > 0))
                throw new ArgumentException(
                    $"σ² + ε must be > 0 to normalize; channel {c} has σ² = {variance[c]}, ε = {epsilon}.");
            invStd[c] = 1.0 / Math.Sqrt(denominator);   // 1/√(σ² + ε)
        }

        var xHat = new double[m * channels];
        var y = new double[m * channels];
        for (int r = 0; r < m; r++)
            for (int c = 0; c < channels; c++)
            {
                int i = r * channels + c;
                xHat[i] = (x[r, c] - mean[c]) * invStd[c];   // x̂ = (x − μ)/√(σ² + ε)
                y[i] = gamma[c] * xHat[i] + beta[c];         // y = γ·x̂ + β
            }
        int[] shape = x.ShapeArray();
        return new Result(new Batch(xHat, shape), new Batch(y, shape), invStd);
    }

    /// <summary>γ defaults to ones (contrib's scale=False), β to zeros (center=False).</summary>
    internal static (double[] Gamma, double[] Beta) Parameters(int channels, double[]? gamma, double[]? beta)
    {
        double[] g = gamma is null ? Filled(channels, 1.0) : CheckLength(gamma, channels, nameof(gamma));
        double[] b = beta is null ? Filled(channels, 0.0) : CheckLength(beta, channels, nameof(beta));
        return (g, b);
    }

    internal static double[] CheckLength(double[] v, int channels, string name)
    {
        if (v.Length != channels)
            throw new ArgumentException($"{name} has {v.Length} values; the batch has {channels} channels.", name);
        return (double[])v.Clone();
    }

    internal static double[] Filled(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }
}
