namespace TfBnPort.Reference;

/// <summary>
/// A simulation of one BN layer's moving mean and moving variance under a
/// <see cref="MovingStatsFlavour"/>: feed it each training batch's statistics in order.
/// </summary>
public sealed class MovingStats
{
    private double[] _mean;
    private double[] _variance;
    private ZeroDebiasState _meanDebias;
    private ZeroDebiasState _varianceDebias;

    /// <summary>Moving statistics at their start values (the flavour's; by default 0 and 1).</summary>
    public MovingStats(MovingStatsFlavour flavour, int channels)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be ≥ 1.");
        Flavour = flavour;
        Channels = channels;
        _mean = Normalization.Filled(channels, flavour.InitialMean);
        _variance = Normalization.Filled(channels, flavour.InitialVariance);
        _meanDebias = ZeroDebiasState.Start(channels);
        _varianceDebias = ZeroDebiasState.Start(channels);
    }

    /// <summary>The convention simulated.</summary>
    public MovingStatsFlavour Flavour { get; }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>Number of updates so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The moving mean (a copy).</summary>
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>The moving variance (a copy).</summary>
    public double[] Variance => (double[])_variance.Clone();

    /// <summary>One training step: update both moving statistics from a batch's statistics.</summary>
    /// <param name="batch">The batch's mean, biased and Bessel-corrected variance.</param>
    /// <param name="decay">keras momentum / contrib decay: the weight the old value keeps.</param>
    public void Update(BatchMoments batch, double decay)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Mean.Length != Channels)
            throw new ArgumentException($"The batch has {batch.Mean.Length} channels, these statistics {Channels}.", nameof(batch));
        _mean = Step(Flavour.MeanForm, _mean, batch.Mean, decay, ref _meanDebias);
        _variance = Step(Flavour.VarianceForm, _variance, Flavour.VarianceToFeed(batch), decay, ref _varianceDebias);
        Steps++;
    }

    /// <summary>One training step on a batch of activations.</summary>
    public void Update(Batch batch, double decay) => Update(BatchMoments.Of(batch), decay);

    /// <summary>
    /// The moving statistics after training on <paramref name="batches"/> in order, from the start
    /// values, with a constant decay.
    /// </summary>
    public static MovingStats After(MovingStatsFlavour flavour, double decay, IEnumerable<Batch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        MovingStats? stats = null;
        foreach (Batch batch in batches)
        {
            stats ??= new MovingStats(flavour, batch.Channels);
            stats.Update(batch, decay);
        }
        return stats ?? throw new ArgumentException("No batches given; the channel count is unknown.", nameof(batches));
    }

    /// <summary>
    /// The moving statistics after <paramref name="steps"/> training steps on the same batch.
    /// </summary>
    public static MovingStats After(MovingStatsFlavour flavour, double decay, Batch batch, int steps)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 0.");
        var stats = new MovingStats(flavour, batch.Channels);
        BatchMoments moments = BatchMoments.Of(batch);
        for (int i = 0; i < steps; i++) stats.Update(moments, decay);
        return stats;
    }

    private static double[] Step(MovingAverageForm form, double[] moving, double[] value, double decay, ref ZeroDebiasState debias)
    {
        switch (form)
        {
            case MovingAverageForm.AssignSub:
                return MovingAverage.AssignSub(moving, value, decay);
            case MovingAverageForm.Interpolate:
                return MovingAverage.Interpolate(moving, value, decay);
            case MovingAverageForm.ZeroDebiased:
                var (variable, next) = debias.Update(value, decay);
                debias = next;
                return variable;
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown update form.");
        }
    }
}
