namespace TfBnPort.Reference;

/// <summary>
/// The variables of a batch-renorm layer (keras <c>renorm=True</c>): the inference moving mean,
/// stddev and variance, and the training-side renorm mean and stddev that r and d are taken against.
/// </summary>
/// <param name="MovingMean">moving_mean (initially 0).</param>
/// <param name="MovingStddev">moving_stddev (initially √moving_variance's initial value = 1).</param>
/// <param name="MovingVariance">moving_variance (initially 1), rewritten as relu(moving_stddev² − ε) each step.</param>
/// <param name="RenormMean">renorm_mean (initially 0).</param>
/// <param name="RenormStddev">renorm_stddev (initially 1).</param>
public sealed record RenormState(double[] MovingMean, double[] MovingStddev, double[] MovingVariance, double[] RenormMean, double[] RenormStddev)
{
    /// <summary>The keras initial values for <paramref name="channels"/> channels (zeros/ones initializers).</summary>
    public static RenormState Initial(int channels) => new(
        Normalization.Filled(channels, 0), Normalization.Filled(channels, 1), Normalization.Filled(channels, 1),
        Normalization.Filled(channels, 0), Normalization.Filled(channels, 1));
}

/// <summary>renorm_clipping: r ∈ [Rmin, Rmax], d ∈ [−Dmax, Dmax]; a null bound does not clip.</summary>
public sealed record RenormClipping(double? Rmax, double? Rmin, double? Dmax);

/// <summary>
/// Batch renormalization (Ioffe, 2017) as TF 1.15's keras <c>_renorm_correction_and_moments</c> and
/// <c>call</c> compute one training step, in float64:
/// <code>
///   σ_B = √(σ²_B + ε);  s = max(renorm_stddev, √ε)
///   r = clip(σ_B / s, rmin, rmax);  d = clip((μ_B − renorm_mean) / s, −dmax, dmax)   (pre-update values)
///   y = (x − μ_B)/σ_B · (r·γ) + (d·γ + β)
///   renorm_mean, renorm_stddev move towards μ_B, σ_B with renorm_momentum;
///   moving_mean towards μ_B and moving_stddev towards σ_B with momentum;
///   moving_variance = relu(moving_stddev² − ε)
/// </code>
/// </summary>
public static class Renorm
{
    /// <summary>One training step's output, r, d and the variables after its updates.</summary>
    public sealed record Step(Batch Output, double[] R, double[] D, RenormState After);

    /// <param name="x">The batch, channels last.</param>
    /// <param name="state">The variables before the step.</param>
    /// <param name="gamma">γ per channel; null means ones.</param>
    /// <param name="beta">β per channel; null means zeros.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="clipping">renorm_clipping.</param>
    /// <param name="decay">The moving statistics' decay (momentum), as <see cref="MovingAverage.AssignSub"/> takes it.</param>
    /// <param name="renormDecay">The renorm variables' decay (renorm_momentum).</param>
    public static Step Train(Batch x, RenormState state, double[]? gamma, double[]? beta, double epsilon,
        RenormClipping clipping, double decay, double renormDecay)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clipping);
        int channels = x.Channels;
        var (g, b) = Normalization.Parameters(channels, gamma, beta);
        var moments = BatchMoments.Of(x);
        var stddev = new double[channels];
        var r = new double[channels];
        var d = new double[channels];
        var scale = new double[channels];
        var offset = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            stddev[c] = Math.Sqrt(moments.Variance[c] + epsilon);
            double s = Math.Max(state.RenormStddev[c], Math.Sqrt(epsilon));   // avoids dividing by zero early on
            r[c] = stddev[c] / s;
            d[c] = (moments.Mean[c] - state.RenormMean[c]) / s;
            if (clipping.Rmin is { } rmin) r[c] = Math.Max(r[c], rmin);
            if (clipping.Rmax is { } rmax) r[c] = Math.Min(r[c], rmax);
            if (clipping.Dmax is { } dmax) d[c] = Math.Min(Math.Max(d[c], -dmax), dmax);
            // _compose_transforms(r, d, γ, β): scale = r·γ, offset = d·γ + β.
            scale[c] = r[c] * g[c];
            offset[c] = d[c] * g[c] + b[c];
        }
        var output = Normalization.Apply(x, moments.Mean, moments.Variance, scale, offset, epsilon).Output;

        // The renorm variables update first (the moving ones depend on them), each with its own momentum.
        var renormMean = MovingAverage.AssignSub(state.RenormMean, moments.Mean, renormDecay);
        var renormStddev = MovingAverage.AssignSub(state.RenormStddev, stddev, renormDecay);
        var movingMean = MovingAverage.AssignSub(state.MovingMean, moments.Mean, decay);
        var movingStddev = MovingAverage.AssignSub(state.MovingStddev, stddev, decay);
        var movingVariance = movingStddev.Select(v => Math.Max(0, v * v - epsilon)).ToArray();   // K.relu
        return new Step(output, r, d, new RenormState(movingMean, movingStddev, movingVariance, renormMean, renormStddev));
    }
}
