namespace TfBnPort.Reference;

/// <summary>
/// Per-channel statistics of one batch, over its m rows (see <see cref="Batch"/>).
/// </summary>
/// <param name="Count">m, the number of samples of each channel.</param>
/// <param name="Mean">μ_c = Σ_r x[r,c] / m.</param>
/// <param name="Variance">
/// The biased variance σ²_c = Σ_r (x[r,c] − μ_c)² / m. This is what normalizes the batch in every
/// TF 1.x path (tf.nn.moments, and the fused kernel internally), and what the non-fused paths feed
/// to the moving variance.
/// </param>
/// <param name="BesselVariance">
/// σ²_c · m/(m−1): the unbiased estimate that FusedBatchNorm's <c>batch_variance</c> output returns
/// (and that the fused paths feed to the moving variance). For m = 1 the factor is 1, as in the
/// CPU kernel (<c>rest_size_minus_one = rest_size &gt; 1 ? rest_size − 1 : 1</c>).
/// </param>
public sealed record BatchMoments(int Count, double[] Mean, double[] Variance, double[] BesselVariance)
{
    /// <summary>Bessel's correction m/(m−1), taken as 1 when m = 1 (TF's fused kernel does the same).</summary>
    public static double BesselFactor(int m)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "m must be ≥ 1.");
        return m > 1 ? (double)m / (m - 1) : 1.0;
    }

    /// <summary>Mean, biased and Bessel-corrected variance of each channel of <paramref name="x"/>.</summary>
    public static BatchMoments Of(Batch x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int m = x.Rows, channels = x.Channels;
        var mean = new double[channels];
        var variance = new double[channels];
        var bessel = new double[channels];
        double factor = BesselFactor(m);

        for (int c = 0; c < channels; c++)
        {
            // μ = Σ x / m
            double sum = 0;
            for (int r = 0; r < m; r++) sum += x[r, c];
            mean[c] = sum / m;

            // σ² = Σ (x − μ)² / m   (two passes: centring first keeps it accurate)
            double squares = 0;
            for (int r = 0; r < m; r++)
            {
                double centred = x[r, c] - mean[c];
                squares += centred * centred;
            }
            variance[c] = squares / m;
            bessel[c] = variance[c] * factor;
        }
        return new BatchMoments(m, mean, variance, bessel);
    }
}
