namespace TfBnPort.Reference;

/// <summary>
/// Batch norm over another channel axis than the last (keras <c>axis=1</c> on NCW/NCHW input):
/// the statistics are the same per-channel ones, so the reference moves the channel axis last,
/// reuses the channels-last code, and moves it back.
/// </summary>
public static class ChannelAxis
{
    /// <summary>Row-major <paramref name="values"/> of <paramref name="shape"/> with axis <paramref name="axis"/> moved last.</summary>
    public static Batch ToChannelsLast(double[] values, int[] shape, int axis)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        var a = Resolve(axis, shape.Length);
        var moved = shape.Where((_, i) => i != a).Append(shape[a]).ToArray();
        return new Batch(Permute(values, shape, a, toLast: true), moved);
    }

    /// <summary>The inverse of <see cref="ToChannelsLast"/>: row-major values in the original layout <paramref name="shape"/>.</summary>
    public static double[] FromChannelsLast(Batch batch, int[] shape, int axis)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(shape);
        return Permute(batch.ToArray(), shape, Resolve(axis, shape.Length), toLast: false);
    }

    /// <summary>Training-mode forward with channels on <paramref name="axis"/>; the output is in the input's layout.</summary>
    public static (double[] Output, TrainingForward ChannelsLast) ForwardTraining(
        double[] x, int[] shape, int axis, double[]? gamma, double[]? beta, double epsilon)
    {
        var forward = BatchNormReference.ForwardTraining(ToChannelsLast(x, shape, axis), gamma, beta, epsilon);
        return (FromChannelsLast(forward.Output, shape, axis), forward);
    }

    private static int Resolve(int axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Invalid axis: {axis} for rank {rank}.");
        return a;
    }

    /// <summary>
    /// Moves axis <paramref name="a"/> of <paramref name="shape"/> last (or back from last). Both layouts
    /// split as [outer, C, inner] versus [outer, inner, C], with outer = Π shape[..a], inner = Π shape[a+1..].
    /// </summary>
    private static double[] Permute(double[] values, int[] shape, int a, bool toLast)
    {
        int outer = shape.Take(a).Aggregate(1, (p, d) => p * d);
        int channels = shape[a];
        int inner = shape.Skip(a + 1).Aggregate(1, (p, d) => p * d);
        if (values.Length != outer * channels * inner)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {outer * channels * inner} values but {values.Length} were given.", nameof(values));
        var result = new double[values.Length];
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < inner; i++)
                {
                    int original = (o * channels + c) * inner + i;   // [outer, C, inner]
                    int last = (o * inner + i) * channels + c;       // [outer, inner, C]
                    if (toLast) result[last] = values[original];
                    else result[original] = values[last];
                }
        return result;
    }
}
