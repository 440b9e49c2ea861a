using Google.Protobuf;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Protobuf text format (.pbtxt), as Python's google.protobuf.text_format reads and writes it.
/// Google.Protobuf's JSON formatter is a different format; TensorFlow's text files are this one.
/// </summary>
public static class TextFormat
{
    /// <summary>text_format.MessageToString(message): what TF writes into a .pbtxt.</summary>
    public static string Print(IMessage message) => TextFormatPrinter.Print(message);

    /// <summary>text_format.Parse(text, T()): a new message read from <paramref name="text"/>.</summary>
    public static T Parse<T>(string text) where T : IMessage<T>, new()
    {
        var message = new T();
        TextFormatParser.Merge(text, message);
        return message;
    }

    /// <summary>text_format.Merge(text, message): fields of <paramref name="text"/> merged into <paramref name="message"/>.</summary>
    public static void Merge(string text, IMessage message) => TextFormatParser.Merge(text, message);
}
