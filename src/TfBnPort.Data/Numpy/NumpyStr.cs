using System.Globalization;
using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// The text NumPy's <c>astype('str')</c> gives each element, as far as stratifying on label rows
/// needs it: integers in decimal, booleans as True/False, floats as Python's shortest repr
/// (<c>0.0</c>, <c>1.0</c>, <c>0.25</c>, <c>1e-05</c>).
/// </summary>
internal static class NumpyStr
{
    /// <summary>Every element of <paramref name="array"/>, flattened in C order, as NumPy would print it.</summary>
    public static string[] Elements(NDArray array) => array.typecode switch
    {
        NPTypeCode.Boolean => Map(array.ToArray<bool>(), v => v ? "True" : "False"),
        NPTypeCode.Byte => Map(array.ToArray<byte>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.Int16 => Map(array.ToArray<short>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.UInt16 => Map(array.ToArray<ushort>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.Int32 => Map(array.ToArray<int>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.UInt32 => Map(array.ToArray<uint>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.Int64 => Map(array.ToArray<long>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.UInt64 => Map(array.ToArray<ulong>(), v => v.ToString(CultureInfo.InvariantCulture)),
        NPTypeCode.Single => Map(array.ToArray<float>(), v => Float(v, v.ToString("R", CultureInfo.InvariantCulture))),
        NPTypeCode.Double => Map(array.ToArray<double>(), v => Float(v, v.ToString("R", CultureInfo.InvariantCulture))),
        _ => throw new NotSupportedException($"Stratifying on {array.typecode} labels is not supported; pass numeric or boolean labels."),
    };

    private static string[] Map<T>(T[] values, Func<T, string> format) where T : notnull
    {
        var result = new string[values.Length];
        // One-hot rows repeat two values; format each distinct value once.
        var seen = new Dictionary<T, string>();
        for (int i = 0; i < values.Length; i++)
        {
            if (!seen.TryGetValue(values[i], out var text)) seen[values[i]] = text = format(values[i]);
            result[i] = text;
        }
        return result;
    }

    private static string Float(double value, string shortest)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        // Python prints integral floats below 1e16 positionally with a ".0".
        if (value == Math.Floor(value) && Math.Abs(value) < 1e16)
            return (value == 0 && double.IsNegative(value) ? "-" : "") + ((long)value).ToString(CultureInfo.InvariantCulture) + ".0";
        return shortest.Replace("E", "e", StringComparison.Ordinal);
    }
}
