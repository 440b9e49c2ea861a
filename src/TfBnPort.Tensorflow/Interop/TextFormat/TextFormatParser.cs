using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Reads protobuf text format (what TF writes as .pbtxt, Python's text_format.Merge) into any
/// generated message, through Google.Protobuf's reflection. Strict as Python's parser: an
/// unknown field, a wrong value or a repeated singular field is an error naming line and column.
/// Accepted: `name: value`, `name { … }` / `name: { … }` / `name &lt; … &gt;`, `name: [a, b]` lists,
/// map fields as repeated {key value} entries, enums by name or number, # comments.
/// </summary>
internal sealed class TextFormatParser
{
    private readonly TextFormatTokenizer _tokens;

    private TextFormatParser(string text) => _tokens = new TextFormatTokenizer(text);

    public static void Merge(string text, IMessage message)
    {
        var parser = new TextFormatParser(text);
        parser.MergeFields(message, endSymbol: null);
        if (!parser._tokens.AtEnd) throw parser._tokens.Error($"Expected a field name, found \"{parser._tokens.Shown()}\".");
    }

    private void MergeFields(IMessage message, string? endSymbol)
    {
        var seen = new HashSet<int>();
        while (!_tokens.AtEnd && (endSymbol is null || _tokens.Token != endSymbol || _tokens.Kind == TokenKind.String))
        {
            if (_tokens.Token == "[" && _tokens.Kind == TokenKind.Symbol)
                throw _tokens.Error("Extensions and Any expansions ([type/name]) are not supported in this file.");
            var line = _tokens.Line;
            var column = _tokens.Column;
            var name = _tokens.ConsumeIdentifier();
            var descriptor = message.Descriptor;
            var field = descriptor.FindFieldByName(name)
                ?? throw new TextFormatParseError($"Message type \"{descriptor.FullName}\" has no field named \"{name}\".", line, column);
            if (!field.IsRepeated && !seen.Add(field.FieldNumber))
                throw new TextFormatParseError($"Message type \"{descriptor.FullName}\" should not have multiple \"{name}\" fields.", line, column);
            if (field.ContainingOneof is { IsSynthetic: false } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) is { } other && other != field)
                throw new TextFormatParseError($"Field \"{field.FullName}\" is specified along with field \"{other.FullName}\", another member of oneof \"{oneof.Name}\".", line, column);
            MergeField(message, field);
            if (!_tokens.TryConsume(",")) _tokens.TryConsume(";");
        }
    }

    private void MergeField(IMessage message, FieldDescriptor field)
    {
        var isMessage = field.FieldType is FieldType.Message or FieldType.Group;
        if (isMessage) _tokens.TryConsume(":");
        else _tokens.Consume(":");
        if (field.IsRepeated && _tokens.Kind == TokenKind.Symbol && _tokens.Token == "[")
        {
            _tokens.Next();
            if (!_tokens.TryConsume("]"))
            {
                do AddOne(message, field, isMessage); while (_tokens.TryConsume(","));
                _tokens.Consume("]");
            }
            return;
        }
        AddOne(message, field, isMessage);
    }

    private void AddOne(IMessage message, FieldDescriptor field, bool isMessage)
    {
        if (field.IsMap)
        {
            var (key, value) = ReadMapEntry(field);
            ((IDictionary)field.Accessor.GetValue(message))[key] = value;
            return;
        }
        if (isMessage)
        {
            var existing = field.IsRepeated ? null : field.Accessor.GetValue(message) as IMessage;
            var child = existing ?? NewMessage(field.MessageType);
            ReadMessageBody(child);
            if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(child);
            else if (existing is null) field.Accessor.SetValue(message, child);
            return;
        }
        var scalar = ReadScalar(field);
        if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(scalar);
        else field.Accessor.SetValue(message, scalar);
    }

    private void ReadMessageBody(IMessage child)
    {
        var end = _tokens.TryConsume("<") ? ">" : null;
        if (end is null) { _tokens.Consume("{"); end = "}"; }
        MergeFields(child, end);
        _tokens.Consume(end);
    }

    /// <summary>A map entry, written `attr { key: "T" value { type: DT_FLOAT } }`; a missing key or value is the default.</summary>
    private (object Key, object Value) ReadMapEntry(FieldDescriptor mapField)
    {
        var entry = mapField.MessageType;
        var keyField = entry.FindFieldByNumber(1);
        var valueField = entry.FindFieldByNumber(2);
        object? key = null, value = null;
        var end = _tokens.TryConsume("<") ? ">" : null;
        if (end is null) { _tokens.Consume("{"); end = "}"; }
        while (!_tokens.TryConsume(end))
        {
            var line = _tokens.Line;
            var column = _tokens.Column;
            var name = _tokens.ConsumeIdentifier();
            if (name == keyField.Name) { _tokens.Consume(":"); key = ReadScalar(keyField); }
            else if (name == valueField.Name)
            {
                if (valueField.FieldType == FieldType.Message)
                {
                    _tokens.TryConsume(":");
                    var child = NewMessage(valueField.MessageType);
                    ReadMessageBody(child);
                    value = child;
                }
                else { _tokens.Consume(":"); value = ReadScalar(valueField); }
            }
            else throw new TextFormatParseError($"Map entry \"{entry.FullName}\" has no field named \"{name}\".", line, column);
            if (!_tokens.TryConsume(",")) _tokens.TryConsume(";");
        }
        key ??= DefaultOf(keyField);
        value ??= valueField.FieldType == FieldType.Message ? NewMessage(valueField.MessageType) : DefaultOf(valueField);
        return (key, value);
    }

    private static IMessage NewMessage(MessageDescriptor type) =>
        (IMessage)Activator.CreateInstance(type.ClrType ?? throw new InvalidOperationException($"No generated class for {type.FullName}."))!;

    private static object DefaultOf(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "",
        FieldType.Bytes => ByteString.Empty,
        FieldType.Bool => false,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, 0),
        FieldType.Float => 0f,
        FieldType.Double => 0d,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 0,
        FieldType.UInt32 or FieldType.Fixed32 => 0u,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 0L,
        _ => 0UL,
    };

    private object ReadScalar(FieldDescriptor field)
    {
        var token = _tokens.Token;
        switch (field.FieldType)
        {
            case FieldType.String:
                var bytes = _tokens.ConsumeString();
                try { return new UTF8Encoding(false, true).GetString(bytes); }
                catch (DecoderFallbackException) { throw _tokens.Error($"String field \"{field.FullName}\" holds bytes that are not valid UTF-8."); }
            case FieldType.Bytes:
                return ByteString.CopyFrom(_tokens.ConsumeString());
            case FieldType.Bool:
                _tokens.Next();
                return token switch
                {
                    "true" or "True" or "t" or "1" => true,
                    "false" or "False" or "f" or "0" => false,
                    _ => throw Invalid(field, token),
                };
            case FieldType.Enum:
                return ReadEnum(field);
            case FieldType.Float:
                return (float)ReadFloat(field);
            case FieldType.Double:
                return ReadFloat(field);
            default:
                return ReadInteger(field);
        }
    }

    private object ReadEnum(FieldDescriptor field)
    {
        var token = _tokens.Token;
        int number;
        if (_tokens.Kind == TokenKind.Identifier)
        {
            number = field.EnumType.FindValueByName(token)?.Number
                ?? throw _tokens.Error($"Enum type \"{field.EnumType.FullName}\" has no value named {token}.");
        }
        else if (_tokens.Kind == TokenKind.Number && TextFormatTokenizer.TryParseInteger(token, out var n) && n >= int.MinValue && n <= int.MaxValue)
            number = (int)n;
        else throw Invalid(field, token);
        _tokens.Next();
        return Enum.ToObject(field.EnumType.ClrType, number);
    }

    private double ReadFloat(FieldDescriptor field)
    {
        var token = _tokens.Token;
        if (_tokens.Kind is not (TokenKind.Number or TokenKind.Identifier)) throw Invalid(field, token);
        var lower = token.ToLowerInvariant();
        var sign = lower.StartsWith('-') ? -1.0 : 1.0;
        var body = lower.TrimStart('-', '+');
        double value;
        if (body is "inf" or "infinity" or "inff" or "infinityf") value = sign * double.PositiveInfinity;
        else if (body is "nan" or "nanf") value = double.NaN;
        else if (TextFormatTokenizer.TryParseInteger(token, out var integer) && !body.Contains('.')) value = (double)integer;
        else if (double.TryParse(body.EndsWith('f') ? body[..^1] : body, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) value = sign * d;
        else throw Invalid(field, token);
        _tokens.Next();
        return value;
    }

    private object ReadInteger(FieldDescriptor field)
    {
        var token = _tokens.Token;
        if (_tokens.Kind != TokenKind.Number || !TextFormatTokenizer.TryParseInteger(token, out var value)) throw Invalid(field, token);
        var (min, max) = field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (new BigInteger(int.MinValue), new BigInteger(int.MaxValue)),
            FieldType.UInt32 or FieldType.Fixed32 => (BigInteger.Zero, new BigInteger(uint.MaxValue)),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (new BigInteger(long.MinValue), new BigInteger(long.MaxValue)),
            _ => (BigInteger.Zero, new BigInteger(ulong.MaxValue)),
        };
        if (value < min || value > max) throw _tokens.Error($"Integer out of range for field \"{field.FullName}\": {token}.");
        _tokens.Next();
        return field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (object)(int)value,
            FieldType.UInt32 or FieldType.Fixed32 => (uint)value,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)value,
            _ => (ulong)value,
        };
    }

    private TextFormatParseError Invalid(FieldDescriptor field, string token) =>
        _tokens.Error($"Invalid value for field \"{field.FullName}\" ({field.FieldType.ToString().ToLowerInvariant()}): \"{token}\".");
}
