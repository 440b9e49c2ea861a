namespace TfBnPort.Reference;

/// <summary>How a moving statistic is updated from the batch statistic.</summary>
public enum MovingAverageForm
{
    /// <summary><c>moving −= (moving − batch)·(1 − decay)</c> (<see cref="MovingAverage.AssignSub"/>).</summary>
    AssignSub,

    /// <summary><c>moving = moving·decay + batch·(1 − decay)</c> (<see cref="MovingAverage.Interpolate"/>).</summary>
    Interpolate,

    /// <summary>Zero-debiased EMA (<see cref="ZeroDebiasState"/>): <c>moving = biased/(1 − decayᵗ)</c>.</summary>
    ZeroDebiased,
}

/// <summary>Which batch variance feeds the moving variance.</summary>
public enum VarianceFed
{
    /// <summary>σ² = Σ(x − μ)²/m, from tf.nn.moments (all non-fused paths).</summary>
    Biased,

    /// <summary>σ²·m/(m − 1), FusedBatchNorm's <c>batch_variance</c> output (fused paths).</summary>
    BesselCorrected,
}

/// <summary>
/// One TF 1.x convention for BN's moving statistics: the update form of the moving mean and the
/// moving variance, which batch variance is fed, and the start values. Verified in the TF 1.15.0
/// sources (commit 590d6eef7e91a6a7392c8ffffb7b58f2e0c8bc6b); each instance names where.
/// Make your own with a <c>with</c> expression for a combination not listed.
/// </summary>
/// <param name="Name">What a reader would call it.</param>
/// <param name="Source">The TF 1.15 function whose update this is.</param>
/// <param name="MeanForm">Update form of the moving mean.</param>
/// <param name="VarianceForm">Update form of the moving variance.</param>
/// <param name="Variance">Which batch variance feeds the moving variance.</param>
/// <param name="InitialMean">Start value of the moving mean.</param>
/// <param name="InitialVariance">Start value of the moving variance.</param>
public sealed record MovingStatsFlavour(
    string Name, string Source, MovingAverageForm MeanForm, MovingAverageForm VarianceForm, VarianceFed Variance,
    double InitialMean = 0.0, double InitialVariance = 1.0)
{
    /// <summary>
    /// tf.layers.batch_normalization on a rank-2 (dense) input, which takes the non-fused path.
    /// The same rule holds for either API with fused=False (contrib's batch_norm with fused=False and
    /// the default UPDATE_OPS delegates to this very layer; its own non-fused path calls
    /// assign_moving_average(zero_debias=False), the same arithmetic).
    /// TF's decay tensor is the float32 of (1 − momentum) computed in double (0.0099999998 for 0.99).
    /// </summary>
    public static MovingStatsFlavour LayersNonFused { get; } = new(
        "tf.layers.batch_normalization, non-fused (rank 2, or fused=False)",
        "python/keras/layers/normalization.py: BatchNormalization.call -> _assign_moving_average",
        MovingAverageForm.AssignSub, MovingAverageForm.AssignSub, VarianceFed.Biased);

    /// <summary>
    /// tf.layers.batch_normalization on a rank-4 NHWC input (fused): the kernel's Bessel-corrected
    /// variance feeds the moving variance as is (<c>_bessels_correction_test_only = True</c>),
    /// m = N·H·W. TF's decay tensor is a float32 Sub(1, momentum) (0.0099999905 for 0.99); with a
    /// non-constant training flag the momentum is smart_cond(training, momentum, 1.0), so an
    /// inference run executes the update but moves nothing.
    /// </summary>
    public static MovingStatsFlavour LayersFused { get; } = new(
        "tf.layers.batch_normalization, fused (rank 4 NHWC)",
        "python/keras/layers/normalization.py: BatchNormalization._fused_batch_norm -> _assign_moving_average",
        MovingAverageForm.AssignSub, MovingAverageForm.AssignSub, VarianceFed.BesselCorrected);

    /// <summary>
    /// tf.contrib.layers.batch_norm on its own fused path (default fused, and rank 2 — reshaped to
    /// [N,1,1,C] so m = N — or updates_collections other than UPDATE_OPS): 
    /// assign_moving_average(zero_debias=False) for both, Bessel-corrected variance.
    /// (Rank 4 with the default UPDATE_OPS goes to the keras layer instead: <see cref="LayersFused"/>.)
    /// </summary>
    public static MovingStatsFlavour ContribFused { get; } = new(
        "tf.contrib.layers.batch_norm, contrib's fused path",
        "contrib/layers/python/layers/layers.py: _fused_batch_norm -> moving_averages.assign_moving_average(zero_debias=False)",
        MovingAverageForm.AssignSub, MovingAverageForm.AssignSub, VarianceFed.BesselCorrected);

    /// <summary>
    /// tf.contrib.layers.batch_norm(zero_debias_moving_mean=True), fused: the moving mean is
    /// zero-debiased, the moving variance never is (<c>zero_debias=False</c> is hard-coded for it).
    /// </summary>
    public static MovingStatsFlavour ContribFusedZeroDebiasedMean { get; } = new(
        "tf.contrib.layers.batch_norm(zero_debias_moving_mean=True), fused",
        "contrib/layers/python/layers/layers.py: _fused_batch_norm -> assign_moving_average(mean, zero_debias=True; variance, zero_debias=False)",
        MovingAverageForm.ZeroDebiased, MovingAverageForm.AssignSub, VarianceFed.BesselCorrected);

    /// <summary>
    /// Hand-written BN as in seed 001: tf.nn.moments, then
    /// <c>tf.assign(pop, pop*decay + batch*(1-decay))</c>; biased variance.
    /// </summary>
    public static MovingStatsFlavour HandWrittenAssign { get; } = new(
        "hand-written tf.nn.moments + tf.assign(pop*decay + batch*(1-decay))",
        "seed 001 (tf.nn.moments: python/ops/nn_impl.py moments)",
        MovingAverageForm.Interpolate, MovingAverageForm.Interpolate, VarianceFed.Biased);

    /// <summary>
    /// tf.nn.moments fed to <c>moving_averages.assign_moving_average</c> with its default
    /// zero_debias=True, for both statistics (the layers above never do this).
    /// </summary>
    public static MovingStatsFlavour AssignMovingAverageDefault { get; } = new(
        "tf.nn.moments + assign_moving_average(zero_debias=True, the default)",
        "python/training/moving_averages.py: assign_moving_average -> _zero_debias",
        MovingAverageForm.ZeroDebiased, MovingAverageForm.ZeroDebiased, VarianceFed.Biased);

    /// <summary>
    /// <c>tf.train.ExponentialMovingAverage(decay).apply([batch_mean, batch_var])</c> on tf.nn.moments'
    /// tensors: the class's default is zero_debias=False, and shadows of Tensors start at 0 (the
    /// variance too), so early averages are biased towards 0. With num_updates the decay of a step
    /// is <see cref="MovingAverage.EmaDecay"/>; pass it to <see cref="MovingStats.Update(BatchMoments, double)"/>.
    /// (Shadows of Variables start at the variable's initial value and are never debiased.)
    /// </summary>
    public static MovingStatsFlavour EmaOfMoments { get; } = new(
        "tf.train.ExponentialMovingAverage(decay).apply([batch_mean, batch_var])",
        "python/training/moving_averages.py: ExponentialMovingAverage.apply (zeros slot, zero_debias=False)",
        MovingAverageForm.AssignSub, MovingAverageForm.AssignSub, VarianceFed.Biased,
        InitialMean: 0.0, InitialVariance: 0.0);

    /// <summary>Every flavour above, for listings.</summary>
    public static IReadOnlyList<MovingStatsFlavour> All { get; } =
    [
        LayersNonFused, LayersFused, ContribFused, ContribFusedZeroDebiasedMean,
        HandWrittenAssign, AssignMovingAverageDefault, EmaOfMoments,
    ];

    /// <summary>The batch variance this flavour feeds to the moving variance.</summary>
    public double[] VarianceToFeed(BatchMoments moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        return Variance == VarianceFed.Biased ? moments.Variance : moments.BesselVariance;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
