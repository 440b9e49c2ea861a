using NumSharp;

namespace TfBnPort.Data;

/// <summary>One-hot label matrices as the Python programs build them.</summary>
public static class OneHot
{
    /// <summary>Rows of zeros with a 1 at each label, in <paramref name="dtype"/> (float64 for TF's dense_to_one_hot).</summary>
    public static NDArray Encode(ReadOnlySpan<byte> labels, int numClasses, NPTypeCode dtype)
    {
        var values = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++) values[i] = labels[i];
        return Encode(values, numClasses, dtype);
    }

    /// <summary>
    /// Seed 000's <c>(np.arange(num_classes) == y[:, None]).astype(np.float32)</c>: a row is all
    /// zeros when its label is not one of 0..numClasses-1 (NumPy compares, it does not index).
    /// <paramref name="dtype"/> defaults to float32 as in the seed.
    /// </summary>
    public static NDArray FromLabels(NDArray y, int numClasses, NPTypeCode dtype = NPTypeCode.Single)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.ndim != 1) throw new ArgumentException($"Labels must be 1-D; got shape ({string.Join(", ", y.shape)}).", nameof(y));
        return Encode(y.astype(NPTypeCode.Double).ToArray<double>(), numClasses, dtype);
    }

    private static NDArray Encode(double[] labels, int numClasses, NPTypeCode dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        var n = labels.Length;
        var oneHot = new double[n * numClasses];
        for (int i = 0; i < n; i++)
        {
            var label = labels[i];
            if (label >= 0 && label < numClasses && label == Math.Floor(label))
                oneHot[i * numClasses + (int)label] = 1.0;
        }
        var result = new NDArray(oneHot, new Shape(n, numClasses));
        return dtype == NPTypeCode.Double ? result : result.astype(dtype);
    }
}
