namespace TfBnPort.Reference;

/// <summary>
/// Ghost batch norm (keras <c>virtual_batch_size</c>), as TF 1.15's normalization.py does it: the
/// input [N, …] is reshaped to [virtual_batch_size, N / virtual_batch_size, …] and the moments are
/// taken over axis 0 (and the inner axes), so ghost batch g holds samples g, g + G, g + 2G, … with
/// G = N / virtual_batch_size ghost batches (strided, not contiguous). Each ghost batch is
/// normalized with its own moments; the moving statistics move towards the mean over the ghost
/// batches of their means and of their (biased) variances, in one update.
/// </summary>
public static class GhostBatch
{
    /// <summary>The output (same layout as the input) and the values the moving mean/variance are updated with.</summary>
    public sealed record Result(Batch Output, double[] UpdateMean, double[] UpdateVariance);

    /// <param name="x">The batch, channels last, axis 0 the samples N.</param>
    /// <param name="virtualBatchSize">Samples per ghost batch; must divide N.</param>
    /// <param name="gamma">γ per channel; null means ones.</param>
    /// <param name="beta">β per channel; null means zeros.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    public static Result ForwardTraining(Batch x, int virtualBatchSize, double[]? gamma, double[]? beta, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Shape[0];
        if (virtualBatchSize <= 0 || n % virtualBatchSize != 0)
            throw new ArgumentException($"virtual_batch_size {virtualBatchSize} must be a positive divisor of the batch size {n}.", nameof(virtualBatchSize));
        int ghosts = n / virtualBatchSize;
        int sampleSize = x.Values.Length / n;   // values of one sample (inner axes × channels)
        int channels = x.Channels;
        var sampleShape = x.ShapeArray();
        sampleShape[0] = virtualBatchSize;

        var output = new double[x.Values.Length];
        var mean = new double[channels];
        var variance = new double[channels];
        var source = x.Values;
        for (int g = 0; g < ghosts; g++)
        {
            var ghost = new double[virtualBatchSize * sampleSize];
            for (int a = 0; a < virtualBatchSize; a++)
                source.Slice((a * ghosts + g) * sampleSize, sampleSize).CopyTo(ghost.AsSpan(a * sampleSize));
            var forward = BatchNormReference.ForwardTraining(new Batch(ghost, sampleShape), gamma, beta, epsilon);
            var y = forward.Output.Values;
            for (int a = 0; a < virtualBatchSize; a++)
                y.Slice(a * sampleSize, sampleSize).CopyTo(output.AsSpan((a * ghosts + g) * sampleSize));
            for (int c = 0; c < channels; c++)
            {
                mean[c] += forward.Mean[c] / ghosts;
                variance[c] += forward.Variance[c] / ghosts;
            }
        }
        return new Result(x.WithValues(output), mean, variance);
    }
}
