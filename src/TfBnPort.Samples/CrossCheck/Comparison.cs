using TfBnPort.Reference;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>Turns a TF value and its reference into a <see cref="CrossCheckRow"/>.</summary>
internal static class Comparison
{
    /// <summary>
    /// 1e-5 relative for element-wise quantities (inference y and dx): float32 carries about 7
    /// digits (u = 6e-8) and TF's formulas round a few times per element (x·inv + (β − μ·inv)
    /// loses about |x|/σ·u), so 1e-5 is ~100 roundings of room, while a real difference (a wrong
    /// variance, a missing term, the other ε) is orders of magnitude larger. Also the floor of
    /// <see cref="OverRows"/>.
    /// </summary>
    public const double Relative = 1e-5;

    /// <summary>
    /// Quantities built from float32 sums over the m rows of a channel: everything in training mode
    /// (the batch mean and variance) and dβ = Σdy, dγ = Σdy·x̂. A float32 sum's rounding grows like a
    /// random walk, u·√m (u = 2⁻²⁴), and normalizing magnifies the batch mean's by |μ|/σ
    /// (<paramref name="conditioning"/>). The worst of 64 channels × 10 steps of such walks lies
    /// within about 3 standard deviations, so 4·u·√m·(1 + |μ|/σ), or <see cref="Relative"/> when
    /// larger. At m = 6272 (32×14×14) with |μ|/σ up to 4 this is about 8e-5 (TF's non-fused dγ,
    /// rsqrt·(Σdy·x − μ·Σdy), reaches 3.3e-5 there), while a wrong formula (a Bessel factor, a
    /// missing term) is off by 1/m·|x̂| or far more.
    /// </summary>
    public static double OverRows(int m, double conditioning) =>
        Math.Max(Relative, 4 * Math.Pow(2, -24) * Math.Sqrt(m) * conditioning);

    /// <summary>
    /// Moving statistics after N steps: each step's assign rounds to float32 once more, so N·1e-7
    /// on top of <see cref="Relative"/>.
    /// </summary>
    public static double MovingStats(int steps) => Relative + steps * 1e-7;

    public static CrossCheckRow Row(string flavour, string quantity, float[] actual, double[] expected, double tolerance)
    {
        var d = Deviation.Of(actual, expected, Floor(expected));
        return new CrossCheckRow(flavour, quantity, d.MaxAbs, d.MaxRel, tolerance, d.MaxRel <= tolerance);
    }

    /// <summary>Worst of several rows of the same quantity (one per training step): largest deviations, all must pass.</summary>
    public static CrossCheckRow Worst(IReadOnlyList<CrossCheckRow> rows) => rows[0] with
    {
        MaxAbs = rows.Any(r => double.IsNaN(r.MaxAbs)) ? double.NaN : rows.Max(r => r.MaxAbs),
        MaxRel = rows.Any(r => double.IsNaN(r.MaxRel)) ? double.NaN : rows.Max(r => r.MaxRel),
        Pass = rows.All(r => r.Pass),
    };

    /// <summary>The quantity's RMS: entries smaller than that are judged against it, not against themselves.</summary>
    private static double Floor(double[] expected)
    {
        var sum = 0.0;
        foreach (var v in expected) sum += v * v;
        var rms = Math.Sqrt(sum / Math.Max(1, expected.Length));
        return rms > 0 && double.IsFinite(rms) ? rms : 1.0;
    }
}
