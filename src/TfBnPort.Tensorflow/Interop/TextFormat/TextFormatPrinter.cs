using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Writes a message in protobuf text format as Python's str(proto) / text_format.MessageToString
/// does (what TF's write_graph(as_text=True) and SavedModelBuilder.save(as_text=True) write):
/// set fields in field-number order, two-space indentation, map entries sorted by key, enums by
/// name, strings C-escaped byte by byte (non-ASCII as octal), floats in their shortest form.
/// </summary>
internal static class TextFormatPrinter
{
    /// <summary>
    /// <paramref name="floatsAsDouble"/>: float fields as Python's '{:}'.format of the double they widen to
    /// (what text_format does when given float_format='', as write_graph passes), e.g. 0.9f → 0.8999999761581421.
    /// </summary>
    public static string Print(IMessage message, bool floatsAsDouble = false)
    {
        var sb = new StringBuilder();
        new Writer(sb, floatsAsDouble).PrintFields(message, 0);
        return sb.ToString();
    }

    private readonly record struct Writer(StringBuilder Sb, bool FloatsAsDouble)
    {
        public void PrintFields(IMessage message, int indent)
        {
            foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
            {
                var value = field.Accessor.GetValue(message);
                if (field.IsMap)
                {
                    var entries = Entries((IDictionary)value).OrderBy(e => e.Key, MapKeyComparer.Instance);
                    var keyField = field.MessageType.FindFieldByNumber(1);
                    var valueField = field.MessageType.FindFieldByNumber(2);
                    foreach (var entry in entries)
                    {
                        Open(indent, field.Name);
                        PrintValue(keyField, entry.Key, indent + 2);
                        PrintValue(valueField, entry.Value!, indent + 2);
                        Close(indent);
                    }
                }
                else if (field.IsRepeated)
                {
                    foreach (var item in (IList)value) PrintValue(field, item!, indent);
                }
                else if (IsSet(message, field, value))
                    PrintValue(field, value, indent);
            }
        }

        private void PrintValue(FieldDescriptor field, object value, int indent)
        {
            if (value is IMessage child)
            {
                Open(indent, field.Name);
                PrintFields(child, indent + 2);
                Close(indent);
                return;
            }
            Sb.Append(' ', indent).Append(field.Name).Append(": ").Append(Scalar(field, value)).Append('\n');
        }

        private void Open(int indent, string name) => Sb.Append(' ', indent).Append(name).Append(" {\n");
        private void Close(int indent) => Sb.Append(' ', indent).Append("}\n");

        private string Scalar(FieldDescriptor field, object value) => value switch
        {
            string s => Quote(Encoding.UTF8.GetBytes(s)),
            ByteString b => Quote(b.Span),
            bool b => b ? "true" : "false",
            float f => FloatsAsDouble ? DoubleText(f) : FloatText(f),
            double d => DoubleText(d),
            Enum e => EnumText(field, Convert.ToInt32(e, CultureInfo.InvariantCulture)),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };
    }

    /// <summary>A map field's entries (its IDictionary enumerator; its generic one yields KeyValuePairs).</summary>
    private static List<(object Key, object? Value)> Entries(IDictionary map)
    {
        var entries = new List<(object, object?)>();
        var e = map.GetEnumerator();
        while (e.MoveNext()) entries.Add((e.Key, e.Value));
        return entries;
    }

    /// <summary>Proto3 presence: a message when not null, a oneof member when it is the case, a scalar when not its default.</summary>
    private static bool IsSet(IMessage message, FieldDescriptor field, object? value)
    {
        if (field.ContainingOneof is { } oneof) return oneof.Accessor.GetCaseFieldDescriptor(message) == field;
        return value switch
        {
            null => false,
            IMessage => true,
            string s => s.Length > 0,
            ByteString b => b.Length > 0,
            bool b => b,
            float f => f != 0 || float.IsNegative(f),
            double d => d != 0 || double.IsNegative(d),
            Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture) != 0,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture) != 0,
        };
    }

    private static string EnumText(FieldDescriptor field, int number) =>
        field.EnumType.FindValueByNumber(number)?.Name ?? number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Python's str() of the shortest float32 that round-trips ("0.9", "1.0", "1e-05", "inf").</summary>
    internal static string FloatText(float f) =>
        float.IsFinite(f) ? PythonStyle(f.ToString("R", CultureInfo.InvariantCulture)) : NonFinite(f);

    /// <summary>Python's repr() of a double.</summary>
    internal static string DoubleText(double d) =>
        double.IsFinite(d) ? PythonStyle(d.ToString("R", CultureInfo.InvariantCulture)) : NonFinite(d);

    private static string NonFinite(double d) => double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";

    /// <summary>.NET's "1E-05" / "3" become Python's "1e-05" / "3.0".</summary>
    private static string PythonStyle(string s)
    {
        s = s.Replace('E', 'e');
        return s.Contains('.') || s.Contains('e') ? s : s + ".0";
    }

    /// <summary>Python's text_encoding.CEscape(as_utf8=False) inside double quotes.</summary>
    internal static string Quote(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2).Append('"');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\'': sb.Append("\\'"); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                default:
                    if (b < 32 || b >= 127) sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    else sb.Append((char)b);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Map keys sort as Python sorts them: strings by code point, numbers by value.</summary>
    private sealed class MapKeyComparer : IComparer<object>
    {
        public static readonly MapKeyComparer Instance = new();
        public int Compare(object? x, object? y) => x is string a && y is string b
            ? string.CompareOrdinal(a, b)
            : Comparer<object>.Default.Compare(x, y);
    }
}
