namespace TfBnPort.Reference;

public static partial class BatchNormReference
{
    /// <summary>
    /// Training-mode backward pass. μ and σ² depend on x, so every x of a channel influences
    /// every y of that channel; differentiating through them gives, per channel,
    /// <code>
    ///   ∂L/∂β = Σ dy
    ///   ∂L/∂γ = Σ dy·x̂
    ///   ∂L/∂x = γ / (m·√(σ² + ε)) · (m·dy − Σ dy − x̂·Σ(dy·x̂))
    /// </code>
    /// (sums over the m rows). The two subtracted terms remove the parts of dy that only move the
    /// batch mean and the batch variance, which normalization cancels.
    /// This is the formula of FusedBatchNormGrad with is_training=true, and what TF's autodiff of
    /// nn.moments + nn.batch_normalization adds up to.
    /// </summary>
    /// <param name="dy">∂L/∂y, same shape as the forward input.</param>
    /// <param name="forward">The training forward pass of that input.</param>
    public static BatchNormGradients Backward(Batch dy, TrainingForward forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        CheckSameShape(dy, forward.Normalized);
        int m = dy.Rows, channels = dy.Channels;
        Batch xHat = forward.Normalized;
        var (sumDy, sumDyXHat) = ChannelSums(dy, xHat);

        var dx = new double[m * channels];
        for (int c = 0; c < channels; c++)
        {
            double k = forward.Gamma[c] * forward.InvStd[c] / m;   // γ / (m·√(σ² + ε))
            for (int r = 0; r < m; r++)
                dx[r * channels + c] = k * (m * dy[r, c] - sumDy[c] - xHat[r, c] * sumDyXHat[c]);
        }
        return new BatchNormGradients(dy.WithValues(dx), sumDyXHat, sumDy);
    }

    /// <summary>
    /// Inference-mode backward pass: μ_moving and σ²_moving are constants, so BN is a per-channel
    /// affine map and
    /// <code>
    ///   ∂L/∂x = dy·γ/√(σ²_moving + ε),   ∂L/∂γ = Σ dy·x̂,   ∂L/∂β = Σ dy.
    /// </code>
    /// (FusedBatchNormGrad with is_training=false; no gradient flows into the moving statistics.)
    /// </summary>
    public static BatchNormGradients Backward(Batch dy, InferenceForward forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        CheckSameShape(dy, forward.Normalized);
        int m = dy.Rows, channels = dy.Channels;
        var (sumDy, sumDyXHat) = ChannelSums(dy, forward.Normalized);

        var dx = new double[m * channels];
        for (int r = 0; r < m; r++)
            for (int c = 0; c < channels; c++)
                dx[r * channels + c] = dy[r, c] * forward.Gamma[c] * forward.InvStd[c];
        return new BatchNormGradients(dy.WithValues(dx), sumDyXHat, sumDy);
    }

    /// <inheritdoc cref="Backward(Batch, TrainingForward)"/>
    /// <param name="dy">∂L/∂y, row-major, in the shape of the forward input.</param>
    /// <param name="forward">The forward pass of that input.</param>
    public static BatchNormGradients Backward(double[] dy, TrainingForward forward)
        => Backward(forward.Normalized.WithValues(dy), forward);

    /// <inheritdoc cref="Backward(Batch, InferenceForward)"/>
    /// <param name="dy">∂L/∂y, row-major, in the shape of the forward input.</param>
    /// <param name="forward">The forward pass of that input.</param>
    public static BatchNormGradients Backward(double[] dy, InferenceForward forward)
        => Backward(forward.Normalized.WithValues(dy), forward);

    /// <summary>Per channel: Σ dy and Σ dy·x̂.</summary>
    private static (double[] SumDy, double[] SumDyXHat) ChannelSums(Batch dy, Batch xHat)
    {
        var sumDy = new double[dy.Channels];
        var sumDyXHat = new double[dy.Channels];
        for (int r = 0; r < dy.Rows; r++)
            for (int c = 0; c < dy.Channels; c++)
            {
                sumDy[c] += dy[r, c];
                sumDyXHat[c] += dy[r, c] * xHat[r, c];
            }
        return (sumDy, sumDyXHat);
    }

    private static void CheckSameShape(Batch dy, Batch x)
    {
        ArgumentNullException.ThrowIfNull(dy);
        if (!dy.Shape.SequenceEqual(x.Shape))
            throw new ArgumentException(
                $"dy has shape [{string.Join(", ", dy.Shape)}], the forward input [{string.Join(", ", x.Shape)}].", nameof(dy));
    }
}
