namespace TfBnPort.Reference;

/// <summary>
/// Batch normalization (Ioffe &amp; Szegedy, 2015), written from its definition in float64.
/// <para>
/// For each channel c, over the m samples of a batch (see <see cref="Batch"/>):
/// <code>
///   μ  = Σ x / m                         batch mean
///   σ² = Σ (x − μ)² / m                  biased batch variance
///   x̂  = (x − μ) / √(σ² + ε)             normalized: mean 0, variance σ²/(σ² + ε) ≈ 1
///   y  = γ·x̂ + β                         scaled and shifted by the learned γ, β
/// </code>
/// Training normalizes with the batch's own μ, σ² (and moving averages of them are kept, see
/// <see cref="MovingStats"/>); inference normalizes with those moving averages instead.
/// </para>
/// This is the independent check of the TensorFlow port: it must never depend on TensorFlow.
/// </summary>
public static partial class BatchNormReference
{
    /// <summary>Training mode: normalize <paramref name="x"/> with its own batch statistics.</summary>
    /// <param name="x">The batch, channels last.</param>
    /// <param name="gamma">γ per channel; null means ones (tf.contrib.layers.batch_norm's default scale=False).</param>
    /// <param name="beta">β per channel; null means zeros (center=False).</param>
    /// <param name="epsilon">ε ≥ 0. Pass <see cref="FusedEpsilon.Floor"/>(ε) to mirror a fused TF call.</param>
    public static TrainingForward ForwardTraining(Batch x, double[]? gamma, double[]? beta, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckEpsilon(epsilon);
        var (g, b) = Normalization.Parameters(x.Channels, gamma, beta);
        BatchMoments moments = BatchMoments.Of(x);
        var n = Normalization.Apply(x, moments.Mean, moments.Variance, g, b, epsilon);
        return new TrainingForward(n.Output, n.Normalized, n.InvStd, g, b, epsilon, moments);
    }

    /// <inheritdoc cref="ForwardTraining(Batch, double[], double[], double)"/>
    /// <param name="x">Row-major values, channels last.</param>
    /// <param name="shape">Shape of <paramref name="x"/>, e.g. [N, C] or [N, H, W, C].</param>
    /// <param name="gamma">γ per channel; null means ones.</param>
    /// <param name="beta">β per channel; null means zeros.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    public static TrainingForward ForwardTraining(double[] x, int[] shape, double[]? gamma, double[]? beta, double epsilon)
        => ForwardTraining(new Batch(x, shape), gamma, beta, epsilon);

    /// <inheritdoc cref="ForwardTraining(Batch, double[], double[], double)"/>
    /// <param name="x">A dense batch [N, C].</param>
    /// <param name="gamma">γ per channel; null means ones.</param>
    /// <param name="beta">β per channel; null means zeros.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    public static TrainingForward ForwardTraining(double[,] x, double[]? gamma, double[]? beta, double epsilon)
        => ForwardTraining(Batch.FromMatrix(x), gamma, beta, epsilon);

    /// <summary>
    /// Inference mode: normalize <paramref name="x"/> with given statistics (the moving averages),
    /// y = γ·(x − μ_moving)/√(σ²_moving + ε) + β.
    /// </summary>
    public static InferenceForward ForwardInference(
        Batch x, double[] movingMean, double[] movingVariance, double[]? gamma, double[]? beta, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(movingMean);
        ArgumentNullException.ThrowIfNull(movingVariance);
        CheckEpsilon(epsilon);
        var (g, b) = Normalization.Parameters(x.Channels, gamma, beta);
        double[] mean = Normalization.CheckLength(movingMean, x.Channels, nameof(movingMean));
        double[] variance = Normalization.CheckLength(movingVariance, x.Channels, nameof(movingVariance));
        var n = Normalization.Apply(x, mean, variance, g, b, epsilon);
        return new InferenceForward(n.Output, n.Normalized, n.InvStd, g, b, epsilon, mean, variance);
    }

    /// <inheritdoc cref="ForwardInference(Batch, double[], double[], double[], double[], double)"/>
    public static InferenceForward ForwardInference(
        double[] x, int[] shape, double[] movingMean, double[] movingVariance, double[]? gamma, double[]? beta, double epsilon)
        => ForwardInference(new Batch(x, shape), movingMean, movingVariance, gamma, beta, epsilon);

    /// <inheritdoc cref="ForwardInference(Batch, double[], double[], double[], double[], double)"/>
    public static InferenceForward ForwardInference(
        double[,] x, double[] movingMean, double[] movingVariance, double[]? gamma, double[]? beta, double epsilon)
        => ForwardInference(Batch.FromMatrix(x), movingMean, movingVariance, gamma, beta, epsilon);

    private static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and ≥ 0.");
    }
}
