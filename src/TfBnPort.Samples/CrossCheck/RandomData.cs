namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// Deterministic float32 test data. Batches have a different mean (in [−2, 2]) and spread (σ in
/// [0.5, 2]) per channel, so moving statistics differ per channel and a channel mix-up shows.
/// </summary>
internal sealed class RandomData(int seed)
{
    private readonly Random _rng = new(seed);

    /// <summary>Channel means and standard deviations of the batches.</summary>
    public (double[] Mean, double[] Std) ChannelStats(int channels) =>
        (CheckData.Widen(Uniform(channels, -2, 2)), CheckData.Widen(Uniform(channels, 0.5, 2)));

    /// <summary>A row-major batch, channels last: x = μ_c + σ_c·z with z standard normal.</summary>
    public float[] Batch(int[] shape, (double[] Mean, double[] Std) stats)
    {
        var channels = shape[^1];
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(stats.Mean[i % channels] + stats.Std[i % channels] * Normal());
        return values;
    }

    /// <summary>Values uniform in [lo, hi), rounded to float32 (what TF will hold).</summary>
    public float[] Uniform(int n, double lo, double hi)
    {
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = (float)(lo + (hi - lo) * _rng.NextDouble());
        return values;
    }

    private double? _spare;

    private double Normal()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        // Box–Muller gives two independent normals per pair of uniforms; 1 − U keeps the logarithm's argument in (0, 1].
        var radius = Math.Sqrt(-2 * Math.Log(1.0 - _rng.NextDouble()));
        var angle = 2 * Math.PI * _rng.NextDouble();
        _spare = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}
