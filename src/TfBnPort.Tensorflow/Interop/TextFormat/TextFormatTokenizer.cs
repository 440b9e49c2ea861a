using System.Globalization;
using System.Text;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Splits protobuf text format into tokens: identifiers (field names, enum names, true/false,
/// inf/nan), numbers, quoted strings (adjacent ones concatenated, C escapes decoded to bytes) and
/// the punctuation { } &lt; &gt; [ ] : , ;. Comments run from # to the end of the line.
/// </summary>
internal sealed class TextFormatTokenizer
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public TextFormatTokenizer(string text)
    {
        _text = text;
        Next();
    }

    /// <summary>The current token's text ("" at the end of the input).</summary>
    public string Token { get; private set; } = "";
    public TokenKind Kind { get; private set; }
    public int Line { get; private set; }
    public int Column { get; private set; }
    public bool AtEnd => Kind == TokenKind.End;

    /// <summary>The decoded bytes of a string token (adjacent strings joined).</summary>
    public byte[] StringBytes { get; private set; } = [];

    public TextFormatParseError Error(string message) => new(message, Line, Column);

    public bool TryConsume(string symbol)
    {
        if (Kind is TokenKind.String || Token != symbol) return false;
        Next();
        return true;
    }

    public void Consume(string symbol)
    {
        if (!TryConsume(symbol)) throw Error($"Expected \"{symbol}\", found \"{Shown()}\".");
    }

    public string ConsumeIdentifier()
    {
        if (Kind != TokenKind.Identifier) throw Error($"Expected identifier, found \"{Shown()}\".");
        var s = Token;
        Next();
        return s;
    }

    public byte[] ConsumeString()
    {
        if (Kind != TokenKind.String) throw Error($"Expected string, found \"{Shown()}\".");
        var bytes = StringBytes;
        Next();
        return bytes;
    }

    public string Shown() => AtEnd ? "<end of input>" : Token;

    public void Next()
    {
        SkipSpaceAndComments();
        Line = _line;
        Column = _pos - _lineStart + 1;
        if (_pos >= _text.Length) { Token = ""; Kind = TokenKind.End; return; }
        var c = _text[_pos];
        if (c is '"' or '\'') { ReadStrings(); return; }
        if (char.IsAsciiLetter(c) || c == '_') { Token = ReadWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.'); Kind = TokenKind.Identifier; return; }
        if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && _pos + 1 < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos + 1]) || _text[_pos + 1] == '.')))
        {
            var start = _pos++;
            // A number runs over digits, letters (hex, exponents, inf, the f suffix), dots and exponent signs.
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.' ||
                   (_text[_pos] is '-' or '+' && _text[_pos - 1] is 'e' or 'E' && !_text[start.._pos].StartsWith("0x", StringComparison.OrdinalIgnoreCase))))
                _pos++;
            Token = _text[start.._pos];
            Kind = TokenKind.Number;
            return;
        }
        Token = c.ToString();
        Kind = TokenKind.Symbol;
        _pos++;
    }

    private string ReadWhile(Func<char, bool> accept)
    {
        var start = _pos;
        while (_pos < _text.Length && accept(_text[_pos])) _pos++;
        return _text[start.._pos];
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
            else if (char.IsWhiteSpace(c)) _pos++;
            else if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; }
            else break;
        }
    }

    private void ReadStrings()
    {
        var bytes = new List<byte>();
        var startPos = _pos;
        do
        {
            ReadOneString(bytes);
            SkipSpaceAndComments();
        } while (_pos < _text.Length && _text[_pos] is '"' or '\'');
        Token = _text[startPos.._pos].TrimEnd();
        Kind = TokenKind.String;
        StringBytes = bytes.ToArray();
    }

    private void ReadOneString(List<byte> bytes)
    {
        var quote = _text[_pos++];
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw new TextFormatParseError("String missing ending quote.", Line, Column);
            var c = _text[_pos++];
            if (c == quote) return;
            if (c != '\\') { AppendUtf8(bytes, c); continue; }
            if (_pos >= _text.Length) throw new TextFormatParseError("String ends in a backslash.", Line, Column);
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case '\\' or '\'' or '"' or '?': bytes.Add((byte)e); break;
                case 'x':
                    var hex = ReadDigits(16, 2);
                    if (hex.Length == 0) throw new TextFormatParseError("Expected hex digits after \\x.", Line, Column);
                    bytes.Add((byte)Convert.ToInt32(hex, 16));
                    break;
                case >= '0' and <= '7':
                    _pos--;
                    var oct = ReadDigits(8, 3);
                    var value = Convert.ToInt32(oct, 8);
                    if (value > 255) throw new TextFormatParseError($"Octal escape \\{oct} is larger than one byte.", Line, Column);
                    bytes.Add((byte)value);
                    break;
                default: throw new TextFormatParseError($"Invalid escape sequence \\{e} in string.", Line, Column);
            }
        }
    }

    private string ReadDigits(int radix, int max)
    {
        var start = _pos;
        while (_pos < _text.Length && _pos - start < max && Uri.IsHexDigit(_text[_pos]) && Convert.ToInt32(_text[_pos].ToString(), 16) < radix) _pos++;
        return _text[start.._pos];
    }

    private void AppendUtf8(List<byte> bytes, char c)
    {
        if (c < 0x80) { bytes.Add((byte)c); return; }
        // A character outside ASCII stands for its UTF-8 bytes (surrogate pairs kept together).
        var s = char.IsHighSurrogate(c) && _pos < _text.Length ? new string([c, _text[_pos++]]) : c.ToString();
        bytes.AddRange(Encoding.UTF8.GetBytes(s));
    }

    public static bool TryParseInteger(string token, out System.Numerics.BigInteger value)
    {
        value = default;
        var negative = token.StartsWith('-');
        var body = token.TrimStart('-', '+');
        if (body.Length == 0) return false;
        bool ok;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            ok = System.Numerics.BigInteger.TryParse("0" + body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        else if (body.Length > 1 && body[0] == '0')
        {
            value = 0;
            ok = body.All(ch => ch is >= '0' and <= '7');
            foreach (var ch in body) value = value * 8 + (ch - '0');
        }
        else ok = body.All(char.IsAsciiDigit) && System.Numerics.BigInteger.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (negative) value = -value;
        return ok;
    }
}

internal enum TokenKind { Identifier, Number, String, Symbol, End }
