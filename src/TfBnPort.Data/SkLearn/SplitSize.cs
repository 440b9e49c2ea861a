namespace TfBnPort.Data;

/// <summary>
/// A <c>test_size</c>/<c>train_size</c> as scikit-learn reads it: a Python int is a number of
/// samples, a float a fraction of them. C# ints and doubles convert implicitly the same way.
/// </summary>
public readonly record struct SplitSize
{
    private SplitSize(bool isFraction, double value) { IsFraction = isFraction; Value = value; }

    public bool IsFraction { get; }
    public double Value { get; }

    public static SplitSize Count(int samples) => new(false, samples);
    public static SplitSize Fraction(double fraction) => new(true, fraction);

    public static implicit operator SplitSize(int samples) => Count(samples);
    public static implicit operator SplitSize(double fraction) => Fraction(fraction);

    public override string ToString() => IsFraction ? Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : ((int)Value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// scikit-learn 0.20's <c>_validate_shuffle_split</c>: (n_train, n_test) for
    /// <paramref name="samples"/> samples; a fractional test size rounds up, a fractional train size down.
    /// </summary>
    public static (int Train, int Test) Resolve(int samples, SplitSize? test, SplitSize? train)
    {
        if (test is null && train is null)
            throw new ArgumentException("test_size and train_size can not both be None");
        Check(test, samples, "test_size");
        Check(train, samples, "train_size");

        double nTest = 0, nTrain;
        if (test is { } t) nTest = t.IsFraction ? Math.Ceiling(t.Value * samples) : t.Value;
        if (train is { } tr) nTrain = tr.IsFraction ? Math.Floor(tr.Value * samples) : tr.Value;
        else nTrain = samples - nTest;
        if (test is null) nTest = samples - nTrain;

        if (nTrain + nTest > samples)
            throw new ArgumentException($"The sum of train_size and test_size = {nTrain + nTest}, should be smaller than the number of samples {samples}. Reduce test_size and/or train_size.");
        return ((int)nTrain, (int)nTest);
    }

    private static void Check(SplitSize? size, int samples, string name)
    {
        if (size is not { } s) return;
        var bad = s.IsFraction ? s.Value <= 0 || s.Value >= 1 : s.Value <= 0 || s.Value >= samples;
        if (bad)
            throw new ArgumentOutOfRangeException(name, s.ToString(),
                $"{name}={s} should be either positive and smaller than the number of samples {samples} or a float in the (0,1) range");
    }
}
