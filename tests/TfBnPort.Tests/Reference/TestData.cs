namespace TfBnPort.Tests.Reference;

/// <summary>Deterministic random inputs for the reference-BN tests.</summary>
internal static class TestData
{
    /// <summary>Values uniform in [low, high), from a seeded generator.</summary>
    public static double[] Uniform(int seed, int count, double low, double high)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = low + (high - low) * random.NextDouble();
        return values;
    }

    public static int Product(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Central difference (f(v + h·e_i) − f(v − h·e_i)) / 2h for every i.</summary>
    public static double[] NumericGradient(double[] at, Func<double[], double> f, double h = 1e-5)
    {
        var gradient = new double[at.Length];
        for (int i = 0; i < at.Length; i++)
        {
            var plus = (double[])at.Clone();
            var minus = (double[])at.Clone();
            plus[i] += h;
            minus[i] -= h;
            gradient[i] = (f(plus) - f(minus)) / (2 * h);
        }
        return gradient;
    }

    public static void AllClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|Δ| = {Math.Abs(expected[i] - actual[i]):E2} > {tolerance:E0})");
    }
}
