using NumSharp;

namespace TfBnPort.Samples;

/// <summary>Python's row slicing <c>a[start:end]</c> and <c>a[:n]</c>, as fresh C-order arrays ready to feed.</summary>
public static class Rows
{
    public static NDArray Slice(NDArray array, int start, int end) => array[$"{start}:{end}"].copy();

    /// <summary>The first <paramref name="n"/> rows (all when n is null or larger).</summary>
    public static NDArray Head(NDArray array, int? n) =>
        n is { } count && count < array.shape[0] ? Slice(array, 0, count) : array;

    public static int Count(NDArray array) => (int)array.shape[0];

    /// <summary><c>X.astype(np.float32) / 255.0</c> of uint8 pixels: float32(x) / float32(255), each rounded once.</summary>
    public static NDArray ScaledFloat32(NDArray pixels)
    {
        var source = pixels.ToArray<byte>();
        var result = new float[source.Length];
        for (var i = 0; i < source.Length; i++) result[i] = source[i] / 255.0f;
        return new NDArray(result, new Shape(pixels.shape));
    }
}
