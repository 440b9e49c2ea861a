using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// <c>classes, y_indices = np.unique(y, return_inverse=True)</c> as StratifiedShuffleSplit does it:
/// a 1-D y sorts by value; a 2-D y (e.g. one-hot) is first turned into one string per row,
/// <c>' '.join(row.astype('str'))</c>, so its classes sort as strings (one-hot digits run 9, 8, …, 0).
/// </summary>
internal static class StratifyClasses
{
    public static (int ClassCount, int[] ClassOfSample) Encode(NDArray y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return y.ndim switch
        {
            1 => y.typecode is NPTypeCode.Single or NPTypeCode.Double or NPTypeCode.Decimal
                ? Inverse(y.astype(NPTypeCode.Double).ToArray<double>(), Comparer<double>.Default)
                : Inverse(y.astype(NPTypeCode.Int64).ToArray<long>(), Comparer<long>.Default),
            2 => Inverse(RowStrings(y), StringComparer.Ordinal),
            _ => throw new ArgumentException($"Stratification labels must be 1-D or 2-D; got {y.ndim}-D.", nameof(y)),
        };
    }

    private static string[] RowStrings(NDArray y)
    {
        var rows = (int)y.shape[0];
        var width = (int)y.shape[1];
        var cells = NumpyStr.Elements(y);
        var result = new string[rows];
        for (int r = 0; r < rows; r++) result[r] = string.Join(' ', cells, r * width, width);
        return result;
    }

    private static (int, int[]) Inverse<T>(T[] keys, IComparer<T> comparer) where T : notnull
    {
        var classes = keys.Distinct().Order(comparer).ToArray();
        var index = new Dictionary<T, int>(classes.Length);
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        var inverse = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++) inverse[i] = index[keys[i]];
        return (classes.Length, inverse);
    }
}
