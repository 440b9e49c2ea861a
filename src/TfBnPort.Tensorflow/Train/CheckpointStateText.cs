using System.Globalization;
using System.Text;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The protobuf text format of the CheckpointState message in a `checkpoint` file, written as
/// Python's text_format.MessageToString writes it (one `field: "value"` line each, strings
/// C-escaped byte by byte) and read back tolerantly (comments, ' or " quotes, any spacing).
/// </summary>
internal static class CheckpointStateText
{
    public static string Format(string modelCheckpointPath, IEnumerable<string> allModelCheckpointPaths)
    {
        var text = new StringBuilder();
        text.Append("model_checkpoint_path: \"").Append(Escape(modelCheckpointPath)).Append("\"\n");
        foreach (var path in allModelCheckpointPaths)
            text.Append("all_model_checkpoint_paths: \"").Append(Escape(path)).Append("\"\n");
        return text.ToString();
    }

    /// <summary>The fields in file order; values of string fields unescaped, others as written.</summary>
    public static List<(string Field, string Value)> Parse(string text)
    {
        var fields = new List<(string, string)>();
        var pos = 0;
        while (true)
        {
            SkipSpaceAndComments(text, ref pos);
            if (pos >= text.Length) return fields;
            var start = pos;
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_')) pos++;
            if (pos == start) throw new FormatException($"expected a field name at offset {start}");
            var field = text[start..pos];
            SkipSpaceAndComments(text, ref pos);
            if (pos < text.Length && text[pos] == ':') pos++;
            SkipSpaceAndComments(text, ref pos);
            fields.Add((field, ReadValue(text, ref pos)));
        }
    }

    private static string ReadValue(string text, ref int pos)
    {
        if (pos < text.Length && text[pos] is '"' or '\'')
        {
            // Adjacent string literals concatenate, as in C and the text format.
            var bytes = new List<byte>();
            while (pos < text.Length && text[pos] is '"' or '\'')
            {
                ReadQuoted(text, ref pos, bytes);
                SkipSpaceAndComments(text, ref pos);
            }
            return Encoding.UTF8.GetString(bytes.ToArray());
        }
        var start = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && text[pos] != '#') pos++;
        if (pos == start) throw new FormatException($"expected a value at offset {start}");
        return text[start..pos];
    }

    private static void ReadQuoted(string text, ref int pos, List<byte> bytes)
    {
        var quote = text[pos++];
        while (true)
        {
            if (pos >= text.Length || text[pos] == '\n') throw new FormatException("unterminated string");
            var c = text[pos++];
            if (c == quote) return;
            if (c != '\\')
            {
                // A surrogate pair is one character: encode both halves together.
                var length = char.IsHighSurrogate(c) && pos < text.Length && char.IsLowSurrogate(text[pos]) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(pos - 1, length)));
                pos += length - 1;
                continue;
            }
            if (pos >= text.Length) throw new FormatException("unterminated escape");
            var e = text[pos++];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'x':
                    var hexStart = pos;
                    while (pos < text.Length && pos - hexStart < 2 && char.IsAsciiHexDigit(text[pos])) pos++;
                    if (pos == hexStart) throw new FormatException("bad \\x escape");
                    bytes.Add(byte.Parse(text[hexStart..pos], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    break;
                case >= '0' and <= '7':
                    var value = e - '0';
                    for (var i = 0; i < 2 && pos < text.Length && text[pos] is >= '0' and <= '7'; i++) value = value * 8 + (text[pos++] - '0');
                    bytes.Add((byte)value);
                    break;
                default: bytes.AddRange(Encoding.UTF8.GetBytes(e.ToString())); break; // \" \' \\ \?
            }
        }
    }

    private static void SkipSpaceAndComments(string text, ref int pos)
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos])) pos++;
            else if (text[pos] == '#') { while (pos < text.Length && text[pos] != '\n') pos++; }
            else return;
        }
    }

    /// <summary>text_encoding.CEscape(as_utf8=False): quotes and backslash escaped, other non-printable bytes (and all non-ASCII) as octal.</summary>
    private static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            switch (b)
            {
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'"': text.Append("\\\""); break;
                case (byte)'\'': text.Append("\\'"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                case < 32 or >= 127: text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0')); break;
                default: text.Append((char)b); break;
            }
        }
        return text.ToString();
    }
}
