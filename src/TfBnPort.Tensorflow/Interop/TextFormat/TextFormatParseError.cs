namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Python's text_format.ParseError: a .pbtxt that is not valid protobuf text format for the
/// message expected, with the line and column (1-based) where reading stopped.
/// </summary>
public sealed class TextFormatParseError(string message, int line, int column)
    : ValueError($"{line}:{column} : {message}")
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}
