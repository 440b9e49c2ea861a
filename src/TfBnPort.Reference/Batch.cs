namespace TfBnPort.Reference;

/// <summary>
/// A batch of activations in channel-last layout, seen as a matrix [m, C].
/// <para>
/// C is the last axis (channels, or features of a dense layer) and m is the product of all the
/// other axes: m = N for a dense [N, C] batch, m = N·H·W for an NHWC [N, H, W, C] batch.
/// Batch normalization treats every one of the m rows as one sample of each channel, so all
/// statistics below are per channel, over the m rows. Row r, channel c is <c>Values[r·C + c]</c>
/// (which is exactly the row-major order of the original tensor).
/// </para>
/// </summary>
public sealed class Batch
{
    private readonly double[] _values;
    private readonly int[] _shape;

    /// <param name="values">Row-major values of the tensor; copied.</param>
    /// <param name="shape">The tensor's shape, channels last, rank ≥ 2, every dimension ≥ 1.</param>
    public Batch(double[] values, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2)
            throw new ArgumentException($"A batch needs rank ≥ 2 (samples…, channels); got rank {shape.Length}.", nameof(shape));
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 1)
                throw new ArgumentException($"Every dimension must be ≥ 1; got [{string.Join(", ", shape)}].", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape)}] holds {count} values but {values.Length} were given.", nameof(values));

        _values = (double[])values.Clone();
        _shape = (int[])shape.Clone();
        Channels = shape[^1];
        Rows = values.Length / Channels;
    }

    /// <summary>C: the number of channels (the last axis).</summary>
    public int Channels { get; }

    /// <summary>m: the number of samples of each channel (product of all axes but the last).</summary>
    public int Rows { get; }

    /// <summary>The original tensor shape (channels last).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value of row <paramref name="row"/> (0 ≤ row &lt; m), channel <paramref name="channel"/>.</summary>
    public double this[int row, int channel] => _values[row * Channels + channel];

    /// <summary>A copy of the values, row-major.</summary>
    public double[] ToArray() => (double[])_values.Clone();

    /// <summary>A copy of the shape.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>A batch of the same shape holding <paramref name="values"/>.</summary>
    public Batch WithValues(double[] values) => new(values, _shape);

    /// <summary>A dense batch [N, C] from a 2-D array (rows = samples, columns = channels).</summary>
    public static Batch FromMatrix(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), c = x.GetLength(1);
        var flat = new double[n * c];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < c; k++)
                flat[r * c + k] = x[r, k];
        return new Batch(flat, [n, c]);
    }

    /// <summary>The [m, C] view as a 2-D array.</summary>
    public double[,] ToMatrix()
    {
        var m = new double[Rows, Channels];
        for (int r = 0; r < Rows; r++)
            for (int k = 0; k < Channels; k++)
                m[r, k] = this[r, k];
        return m;
    }
}
