namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// One compared quantity of one flavour: TensorFlow's float32 value against the float64
/// reference BN. <paramref name="MaxRel"/> = max |tf − ref| / max(|ref|, floor), the floor being
/// the quantity's RMS, so entries near zero are judged against the quantity's typical size.
/// </summary>
/// <param name="Flavour">API, input shape and how the training flag was given.</param>
/// <param name="Quantity">What was compared ("y (training)", "dx (inference)", "moving_mean after 10 steps"...).</param>
/// <param name="MaxAbs">Largest absolute deviation.</param>
/// <param name="MaxRel">Largest relative deviation (see above).</param>
/// <param name="Tolerance">The MaxRel bound the row must stay within.</param>
/// <param name="Pass">MaxRel ≤ Tolerance (false on NaN).</param>
public sealed record CrossCheckRow(string Flavour, string Quantity, double MaxAbs, double MaxRel, double Tolerance, bool Pass)
{
    /// <summary>The same deviation judged against another bound (crosscheck --tolerance); NaN still fails.</summary>
    public CrossCheckRow JudgedAgainst(double tolerance) => this with { Tolerance = tolerance, Pass = MaxRel <= tolerance };

    public override string ToString() =>
        $"{(Pass ? "ok  " : "FAIL")} {Flavour} | {Quantity} | maxAbs {MaxAbs:E2} maxRel {MaxRel:E2} (tol {Tolerance:E1})";
}
