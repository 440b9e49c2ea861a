using System.Globalization;
using System.Numerics;

namespace TfBnPort.Samples;

/// <summary>
/// Python's number formatting, so the log lines read as the documents print them:
/// <c>'%.2f' % x</c> (round-half-even on the exact binary value), <c>str(x)</c> of a float or
/// NumPy float32 (shortest repr), and tuple shapes.
/// </summary>
public static class PyFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary><c>'%W.Pf' % value</c>: <paramref name="precision"/> decimals, right-aligned in <paramref name="width"/>.</summary>
    public static string F(double value, int precision = 6, int width = 0)
    {
        var text = double.IsFinite(value) ? Fixed(value, precision) : value.ToString(Inv).ToLowerInvariant();
        return text.PadLeft(width);
    }

    /// <summary>str() of a Python float (double): shortest repr, exponent form outside [1e-4, 1e16).</summary>
    public static string Str(double value) => Shortest(value.ToString("R", Inv), value);

    /// <summary>str() of a NumPy float32: the shortest digits that give back the float32.</summary>
    public static string Str(float value) => Shortest(value.ToString("R", Inv), value);

    /// <summary>A NumPy shape as Python prints the tuple: (70000, 784), (10,).</summary>
    public static string Shape(params long[] dims) =>
        dims.Length == 1 ? $"({dims[0]},)" : "(" + string.Join(", ", dims) + ")";

    public static string Shape(NumSharp.NDArray array) => Shape(array.shape.Select(d => (long)d).ToArray());

    /// <summary>A NumPy dtype's name (print(a.dtype)): float32, float64, uint8...</summary>
    public static string DType(NumSharp.NDArray array) => array.typecode switch
    {
        NumSharp.NPTypeCode.Single => "float32",
        NumSharp.NPTypeCode.Double => "float64",
        NumSharp.NPTypeCode.Byte => "uint8",
        NumSharp.NPTypeCode.Int32 => "int32",
        NumSharp.NPTypeCode.Int64 => "int64",
        NumSharp.NPTypeCode.Boolean => "bool",
        var other => other.ToString().ToLowerInvariant(),
    };

    // .NET's "R" digits are the shortest round-trip ones too; only the notation differs.
    private static string Shortest(string dotnet, double value)
    {
        if (!double.IsFinite(value)) return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        var abs = Math.Abs(value);
        var e = dotnet.IndexOfAny(['E', 'e']);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e16))
        {
            if (e < 0) return dotnet; // not reached for doubles: .NET switches to E form earlier than Python
            var exponent = int.Parse(dotnet[(e + 1)..], Inv);
            return dotnet[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", Inv);
        }
        if (e >= 0) dotnet = decimal.Parse(dotnet, NumberStyles.Float, Inv).ToString(Inv);
        return dotnet.Contains('.') ? dotnet : dotnet + ".0";
    }

    // Exact round-half-even of value·10^precision, as CPython's float formatting does.
    private static string Fixed(double value, int precision)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        exponent -= 1075; // value = mantissa · 2^exponent
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, precision);
        BigInteger units;
        if (exponent >= 0) units = scaled << exponent;
        else
        {
            var denominator = BigInteger.One << -exponent;
            units = BigInteger.DivRem(scaled, denominator, out var remainder);
            var twice = remainder * 2;
            if (twice > denominator || (twice == denominator && !units.IsEven)) units += 1;
        }
        var digits = units.ToString(Inv).PadLeft(precision + 1, '0');
        var text = precision == 0 ? digits : digits[..^precision] + "." + digits[^precision..];
        return negative ? "-" + text : text;
    }
}
