using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// The content of one IDX file of unsigned bytes: its dimensions (outermost first) and the
/// payload in row-major order, exactly as stored.
/// </summary>
public sealed class IdxArray
{
    public IdxArray(int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (var d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dimensions));
            count *= d;
        }
        if (count != data.LongLength)
            throw new ArgumentException($"{data.LongLength} bytes do not fill dimensions [{string.Join(", ", dimensions)}] ({count} elements).", nameof(data));
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>Sizes of each dimension; the first is the number of items (images or labels).</summary>
    public int[] Dimensions { get; }

    /// <summary>The payload, one byte per element, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>Number of items along the first dimension.</summary>
    public int Count => Dimensions[0];

    /// <summary>A uint8 NDArray with the file's shape, over a copy of the payload (callers may mutate it).</summary>
    public NDArray ToNDArray() => new((byte[])Data.Clone(), new Shape(Dimensions));
}
