using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Writes a message in protobuf's text format, as Python's text_format.MessageToString does for the
/// .pbtxt files TensorFlow writes (as_text=True): fields in number order, set fields only, map entries
/// sorted by key, enums by name, strings and bytes C-escaped. Google.Protobuf for C# has JSON only.
/// </summary>
public static class ProtoText
{
    public static string Format(IMessage message)
    {
        var text = new StringBuilder();
        WriteMessage(text, message, 0);
        return text.ToString();
    }

    private static void WriteMessage(StringBuilder text, IMessage message, int indent)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var entries = ((IDictionary)value).Cast<DictionaryEntry>().OrderBy(e => e.Key, Comparer<object>.Create(CompareKeys));
                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var entry in entries)
                {
                    Open(text, indent, field.Name);
                    WriteValue(text, keyField, entry.Key, indent + 2);
                    WriteValue(text, valueField, entry.Value!, indent + 2);
                    Close(text, indent);
                }
            }
            else if (field.IsRepeated)
                foreach (var item in (IList)value) WriteValue(text, field, item, indent);
            else if (IsSet(message, field, value))
                WriteValue(text, field, value, indent);
        }
    }

    private static int CompareKeys(object a, object b) => a is string sa ? string.CompareOrdinal(sa, (string)b) : Comparer<object>.Default.Compare(a, b);

    /// <summary>Proto3 presence: a oneof member when it is the chosen case, a message when present, a scalar when not its default.</summary>
    private static bool IsSet(IMessage message, FieldDescriptor field, object? value)
    {
        if (field.RealContainingOneof is { } oneof) return oneof.Accessor.GetCaseFieldDescriptor(message) == field;
        return value switch
        {
            null => false,
            IMessage => true,
            string s => s.Length > 0,
            ByteString b => b.Length > 0,
            bool b => b,
            float f => f != 0 || float.IsNegative(f),
            double d => d != 0 || double.IsNegative(d),
            _ => System.Convert.ToInt64(value) != 0,
        };
    }

    private static void WriteValue(StringBuilder text, FieldDescriptor field, object value, int indent)
    {
        if (field.FieldType == FieldType.Message)
        {
            Open(text, indent, field.Name);
            WriteMessage(text, (IMessage)value, indent + 2);
            Close(text, indent);
            return;
        }
        text.Append(' ', indent).Append(field.Name).Append(": ").Append(Scalar(field, value)).Append('\n');
    }

    private static string Scalar(FieldDescriptor field, object value) => field.FieldType switch
    {
        FieldType.String => Quote(Encoding.UTF8.GetBytes((string)value)),
        FieldType.Bytes => Quote(((ByteString)value).ToByteArray()),
        FieldType.Enum => field.EnumType.FindValueByNumber(System.Convert.ToInt32(value))?.Name ?? System.Convert.ToInt32(value).ToString(CultureInfo.InvariantCulture),
        FieldType.Bool => (bool)value ? "true" : "false",
        FieldType.Float => Real((float)value),
        FieldType.Double => Real((double)value),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Real(double value) =>
        double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : double.IsNaN(value) ? "nan"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Real(float value) =>
        float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : Real((double)value);

    /// <summary>C escaping as text_format.CEscape: the usual escapes, other bytes outside printable ASCII in octal.</summary>
    private static string Quote(byte[] bytes)
    {
        var text = new StringBuilder("\"");
        foreach (var b in bytes)
            text.Append(b switch
            {
                (byte)'\n' => "\\n", (byte)'\r' => "\\r", (byte)'\t' => "\\t",
                (byte)'"' => "\\\"", (byte)'\'' => "\\'", (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => "\\" + System.Convert.ToString(b, 8).PadLeft(3, '0'),
            });
        return text.Append('"').ToString();
    }

    private static void Open(StringBuilder text, int indent, string name) => text.Append(' ', indent).Append(name).Append(" {\n");
    private static void Close(StringBuilder text, int indent) => text.Append(' ', indent).Append("}\n");
}
