using System.Text;
using Google.Protobuf;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// tf.io.write_graph (graph_io.py) and the reading side: a GraphDef (or any TF message) from a binary
/// .pb or a text .pbtxt, each file written atomically (temporary file, then rename) as TF's
/// atomic_write_string_to_file does.
/// </summary>
public static class GraphIO
{
    /// <summary>Writes <paramref name="graph_or_graph_def"/> (a Graph or a GraphDef) to LOGDIR/NAME and returns that path.</summary>
    public static string WriteGraph(object graph_or_graph_def, string logdir, string name, bool as_text = true)
    {
        var graphDef = graph_or_graph_def switch
        {
            Graph g => g.as_graph_def(),
            GraphDef d => d,
            _ => throw new TypeError($"write_graph takes a tf.Graph or a GraphDef, got {graph_or_graph_def?.GetType().Name ?? "null"}."),
        };
        Directory.CreateDirectory(logdir);
        var path = System.IO.Path.Combine(logdir, name);
        // Python passes float_format='' here: floats print as str() of the double they widen to.
        WriteAtomic(path, as_text ? Encoding.UTF8.GetBytes(TextFormatPrinter.Print(graphDef, floatsAsDouble: true)) : graphDef.ToByteArray());
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/> beside <paramref name="path"/> first and renames, so no reader sees half a file.</summary>
    public static void WriteAtomic(string path, byte[] bytes)
    {
        var temp = $"{path}.tmp{Guid.NewGuid():N}";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A GraphDef from a .pb (binary) or .pbtxt (text) file: the format follows the file name, as TF's tools decide it.</summary>
    public static GraphDef ReadGraphDef(string path, ModelLoadOptions? limits = null) => ReadMessage(path, GraphDef.Parser, "GraphDef", limits);

    /// <summary>
    /// Reads a message of type <typeparamref name="T"/> from binary or (for *.pbtxt / *.txt) text format,
    /// turning every parse failure into a <see cref="ModelFileException"/> that names the file and the type.
    /// Within the size and nesting limits of <paramref name="limits"/> (default: ModelLoadOptions.Safe's),
    /// so a huge or deeply nested file is refused instead of exhausting memory or the stack.
    /// </summary>
    public static T ReadMessage<T>(string path, MessageParser<T> parser, string typeName, ModelLoadOptions? limits = null) where T : IMessage<T>, new()
    {
        limits ??= ModelLoadOptions.Safe;
        if (Directory.Exists(path)) throw new ModelFileException($"'{path}' is a directory, not a {typeName} file.", path);
        if (!File.Exists(path)) throw new ModelFileException($"'{path}' does not exist.", path);
        if (new FileInfo(path).Length > limits.MaxFileBytes)
            throw new ModelFileException($"'{path}' is {new FileInfo(path).Length} bytes, more than the {limits.MaxFileBytes} bytes read for a {typeName} " +
                                         "(ModelLoadOptions.MaxFileBytes); raise the limit if you trust the file.", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new ModelFileException($"'{path}' is empty: it is not a {typeName}.", path);
        return IsTextName(path) ? ParseText<T>(path, bytes, typeName, limits) : ParseBinary(path, bytes, parser, typeName, limits);
    }

    public static bool IsTextName(string path) =>
        path.EndsWith(".pbtxt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    private static T ParseText<T>(string path, byte[] bytes, string typeName, ModelLoadOptions limits) where T : IMessage<T>, new()
    {
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new ModelFileException($"'{path}' is not a text {typeName}: it is not UTF-8 text (a binary file named .pbtxt?).", path); }
        if (TextNesting.Depth(text) > limits.RecursionLimit)
            throw new ModelFileException($"'{path}' is not a text {typeName} this tool reads: its messages nest more than {limits.RecursionLimit} deep (ModelLoadOptions.RecursionLimit).", path);
        try { return TextFormat.Parse<T>(text); }
        catch (TextFormatParseError e)
        {
            throw new ModelFileException($"'{path}' is not a text {typeName} (or it is truncated): {e.Message}", path, e);
        }
    }

    private static T ParseBinary<T>(string path, byte[] bytes, MessageParser<T> parser, string typeName, ModelLoadOptions limits) where T : IMessage<T>
    {
        try
        {
            using var input = CodedInputStream.CreateWithLimits(new MemoryStream(bytes, writable: false), limits.MaxFileBytes, limits.RecursionLimit);
            return parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e) when (e.Message.Contains("recursion", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFileException($"'{path}' is not a binary {typeName} this tool reads: its messages nest more than {limits.RecursionLimit} deep " +
                                         "(ModelLoadOptions.RecursionLimit).", path, e);
        }
        catch (InvalidProtocolBufferException e)
        {
            var truncated = e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("end of", StringComparison.OrdinalIgnoreCase);
            throw new ModelFileException(truncated
                ? $"'{path}' is truncated or is not a binary {typeName}: the protobuf ends in the middle of a field ({bytes.Length} bytes). Copy or export it again."
                : $"'{path}' is not a binary {typeName}: {e.Message}", path, e);
        }
    }
}
