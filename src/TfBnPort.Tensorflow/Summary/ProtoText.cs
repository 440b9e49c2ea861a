using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// Protobuf text format, as Python's <c>str(message)</c> prints it (fields in number order, only
/// set ones, nested messages in braces, enums by name). Timeline puts it into tensor snapshots.
/// </summary>
public static class ProtoText
{
    public static string Format(IMessage message)
    {
        var text = new StringBuilder();
        Write(text, message, 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, IMessage message, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)value)
                {
                    Indent(text, depth).Append(field.Name).Append(" {\n");
                    Indent(text, depth + 1).Append("key: ").Append(Scalar(field.MessageType.Fields[1], entry.Key)).Append('\n');
                    WriteValue(text, field.MessageType.Fields[2], "value", entry.Value!, depth + 1);
                    Indent(text, depth).Append("}\n");
                }
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (System.Collections.IEnumerable)value) WriteValue(text, field, field.Name, item, depth);
            }
            else if (field.FieldType == FieldType.Message ? value is not null : !IsDefault(value))
            {
                WriteValue(text, field, field.Name, value, depth);
            }
        }
    }

    private static void WriteValue(StringBuilder text, FieldDescriptor field, string name, object value, int depth)
    {
        if (field.FieldType is FieldType.Message or FieldType.Group)
        {
            Indent(text, depth).Append(name).Append(" {\n");
            Write(text, (IMessage)value, depth + 1);
            Indent(text, depth).Append("}\n");
        }
        else Indent(text, depth).Append(name).Append(": ").Append(Scalar(field, value)).Append('\n');
    }

    private static string Scalar(FieldDescriptor field, object value) => field.FieldType switch
    {
        FieldType.Enum => field.EnumType.FindValueByNumber(Convert.ToInt32(value))?.Name ?? Convert.ToInt32(value).ToString(CultureInfo.InvariantCulture),
        FieldType.String => "\"" + Escape(Encoding.UTF8.GetBytes((string)value)) + "\"",
        FieldType.Bytes => "\"" + Escape(((ByteString)value).ToByteArray()) + "\"",
        FieldType.Bool => (bool)value ? "true" : "false",
        FieldType.Double => ((double)value).ToString("R", CultureInfo.InvariantCulture),
        FieldType.Float => ((float)value).ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        ByteString b => b.Length == 0,
        bool b => !b,
        Enum e => Convert.ToInt64(e) == 0,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture) == 0,
        _ => false,
    };

    private static string Escape(byte[] bytes)
    {
        var s = new StringBuilder();
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"': s.Append("\\\""); break;
                case (byte)'\\': s.Append("\\\\"); break;
                case (byte)'\n': s.Append("\\n"); break;
                case (byte)'\r': s.Append("\\r"); break;
                case (byte)'\t': s.Append("\\t"); break;
                default:
                    if (b is >= 0x20 and < 0x7f) s.Append((char)b);
                    else s.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
            }
        }
        return s.ToString();
    }

    private static StringBuilder Indent(StringBuilder text, int depth) => text.Append(' ', depth * 2);
}
