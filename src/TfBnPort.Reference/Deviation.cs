namespace TfBnPort.Reference;

/// <summary>Largest absolute and relative deviation of one quantity from the reference.</summary>
/// <param name="MaxAbs">max |actual − expected|.</param>
/// <param name="MaxRel">max |actual − expected| / max(|expected|, floor).</param>
public readonly record struct DeviationSummary(double MaxAbs, double MaxRel);

/// <summary>
/// How far a computed quantity (e.g. TensorFlow's float32 output) lies from the reference.
/// Any NaN (in either input, or ∞ against ∞) makes the result NaN, so a check
/// <c>deviation &lt;= tolerance</c> fails.
/// </summary>
public static class Deviation
{
    /// <summary>max_i |actual_i − expected_i| (0 for empty inputs).</summary>
    public static double MaxAbs(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
        => Of(actual, expected, 1.0).MaxAbs;

    /// <inheritdoc cref="MaxAbs(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static double MaxAbs(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
        => MaxAbs(Widen(actual), expected);

    /// <summary>
    /// max_i |actual_i − expected_i| / max(|expected_i|, floor): relative to the reference value, with
    /// <paramref name="floor"/> &gt; 0 keeping values near zero from dominating.
    /// </summary>
    public static double MaxRel(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double floor)
        => Of(actual, expected, floor).MaxRel;

    /// <inheritdoc cref="MaxRel(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static double MaxRel(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double floor)
        => MaxRel(Widen(actual), expected, floor);

    /// <summary>Both deviations at once.</summary>
    public static DeviationSummary Of(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double floor)
    {
        if (actual.Length != expected.Length)
            throw new ArgumentException($"Lengths differ: {actual.Length} vs {expected.Length} (expected).", nameof(actual));
        if (!(floor > 0) || double.IsInfinity(floor))
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "floor must be finite and > 0.");

        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(diff)) return new DeviationSummary(double.NaN, double.NaN);
            maxAbs = Math.Max(maxAbs, diff);
            maxRel = Math.Max(maxRel, diff / Math.Max(Math.Abs(expected[i]), floor));
        }
        return new DeviationSummary(maxAbs, maxRel);
    }

    /// <inheritdoc cref="Of(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static DeviationSummary Of(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double floor)
        => Of(Widen(actual), expected, floor);

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }
}
