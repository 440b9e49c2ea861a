using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using TfBnPort.Tensorflow.Interop;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// Protobuf text format, checked on messages that ship with Google.Protobuf (descriptor.proto and
/// the wrapper types), so these tests do not depend on the TensorFlow protos. Expected texts are
/// written by hand from the format's rules as Python's text_format applies them: fields in number
/// order, two-space indentation, enums by name, CEscape for strings (octal for bytes outside
/// printable ASCII), str() of floats.
/// </summary>
public class TextFormatTests
{
    private static FileDescriptorProto Sample() => new()
    {
        Name = "a.proto",
        Package = "tensorflow",
        Dependency = { "b.proto", "c.proto" },
        MessageType =
        {
            new DescriptorProto
            {
                Name = "NodeDef",
                Field = { new FieldDescriptorProto { Name = "op", Number = 2, Label = FieldDescriptorProto.Types.Label.Optional, Type = FieldDescriptorProto.Types.Type.String } },
            },
        },
    };

    [Fact]
    public void PrintsNestedMessagesRepeatedFieldsAndEnumsAsPythonDoes()
    {
        const string expected =
            "name: \"a.proto\"\n" +
            "package: \"tensorflow\"\n" +
            "dependency: \"b.proto\"\n" +
            "dependency: \"c.proto\"\n" +
            "message_type {\n" +
            "  name: \"NodeDef\"\n" +
            "  field {\n" +
            "    name: \"op\"\n" +
            "    number: 2\n" +
            "    label: LABEL_OPTIONAL\n" +
            "    type: TYPE_STRING\n" +
            "  }\n" +
            "}\n";
        Assert.Equal(expected, TextFormat.Print(Sample()));
    }

    [Fact]
    public void WhatItPrintsParsesBackToAnEqualMessage()
    {
        var original = Sample();
        Assert.Equal(original, TextFormat.Parse<FileDescriptorProto>(TextFormat.Print(original)));
    }

    [Fact]
    public void ReadsTheOtherSpellingsTheFormatAllows()
    {
        // Colon before a message, angle brackets, list syntax, comments, enum by number, separators.
        const string text = """
            # a comment
            name: 'a.proto';
            dependency: ["b.proto", "c.proto"]
            message_type: < name: "NodeDef" field { name: "op" number: 0x2 label: 1 type: TYPE_STRING } >
            """;
        Assert.Equal(WithoutPackage(), TextFormat.Parse<FileDescriptorProto>(text));
    }

    private static FileDescriptorProto WithoutPackage()
    {
        var m = Sample();
        m.ClearPackage();
        return m;
    }

    [Theory]
    [InlineData(new byte[] { 0, (byte)'\n', (byte)'"', (byte)'\'', (byte)'\\', 200, (byte)'A' }, "value: \"\\000\\n\\\"\\'\\\\\\310A\"\n")]
    [InlineData(new byte[] { (byte)'\t', (byte)'\r', 127 }, "value: \"\\t\\r\\177\"\n")]
    public void EscapesBytesAsCEscapeDoes(byte[] bytes, string expected)
    {
        var message = new BytesValue { Value = ByteString.CopyFrom(bytes) };
        Assert.Equal(expected, TextFormat.Print(message));
        Assert.Equal(message, TextFormat.Parse<BytesValue>(expected));
    }

    [Theory]
    [InlineData(1f, "value: 1.0\n")]
    [InlineData(0.9f, "value: 0.9\n")]
    [InlineData(1e-5f, "value: 1e-05\n")]
    [InlineData(float.NegativeInfinity, "value: -inf\n")]
    public void PrintsFloatsAsPythonStrDoes(float value, string expected)
    {
        Assert.Equal(expected, TextFormat.Print(new FloatValue { Value = value }));
        Assert.Equal(value, TextFormat.Parse<FloatValue>(expected).Value);
    }

    [Fact]
    public void NonAsciiStringsRoundTripThroughOctalUtf8Bytes()
    {
        var message = new StringValue { Value = "было" };
        var text = TextFormat.Print(message);
        Assert.Equal("value: \"\\320\\261\\321\\213\\320\\273\\320\\276\"\n", text); // UTF-8 of б ы л о
        Assert.Equal(message, TextFormat.Parse<StringValue>(text));
    }

    [Theory]
    [InlineData("nmae: \"x\"", "1:1 : Message type \"google.protobuf.FileDescriptorProto\" has no field named \"nmae\".")]
    [InlineData("name: \"x\"\nname: \"y\"", "2:1 : Message type \"google.protobuf.FileDescriptorProto\" should not have multiple \"name\" fields.")]
    [InlineData("message_type { name: \"x\"", "1:25 : Expected \"}\", found \"<end of input>\".")]
    [InlineData("name: \"x", "1:7 : String missing ending quote.")]
    [InlineData("message_type { field { number: 99999999999 } }", "1:32 : Integer out of range for field \"google.protobuf.FieldDescriptorProto.number\": 99999999999.")]
    [InlineData("message_type { field { label: LABEL_SOMETIMES } }", "1:31 : Enum type \"google.protobuf.FieldDescriptorProto.Label\" has no value named LABEL_SOMETIMES.")]
    public void RefusesBadTextNamingLineAndColumn(string text, string message)
    {
        var e = Assert.Throws<TextFormatParseError>(() => TextFormat.Parse<FileDescriptorProto>(text));
        Assert.Equal(message, e.Message);
    }
}
