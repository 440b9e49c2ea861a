namespace TfBnPort.Bench;

/// <summary>One measured figure: what, the value and unit, and (where there is one) the baseline it is compared with.</summary>
public sealed record BenchRow(string Group, string Name, double Value, string Unit, double? Baseline = null, string? BaselineName = null, string? Note = null)
{
    /// <summary>Value / baseline (for times: the binding's cost relative to the floor).</summary>
    public double? Ratio => Baseline is { } b && b != 0 ? Value / b : null;
}

/// <summary>All figures of one bench run, with the machine they came from.</summary>
public sealed record BenchReport(string Machine, string TensorflowVersion, DateTime When, string Setting, IReadOnlyList<BenchRow> Rows);
