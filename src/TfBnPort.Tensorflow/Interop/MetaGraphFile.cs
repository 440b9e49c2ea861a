using System.Text;
using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Reading and writing .meta files: graph_io.write_graph (binary, or text format with as_text; the
/// directory is created; the file replaced atomically, so a failed write leaves the previous one) and
/// meta_graph.read_meta_graph_file (binary first, then text, whatever the file is named).
/// </summary>
public static class MetaGraphFile
{
    public static void Write(MetaGraphDef meta, string path, bool asText)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.tmp{Guid.NewGuid():N}");
        try
        {
            // write_graph passes float_format='': floats print as str() of the double they widen to.
            if (asText) File.WriteAllText(temp, TextFormatPrinter.Print(meta, floatsAsDouble: true));
            else File.WriteAllBytes(temp, meta.ToByteArray());
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a binary or text .meta within the size and nesting limits of <paramref name="limits"/> (default: ModelLoadOptions.Safe's).</summary>
    public static MetaGraphDef Read(string path, Safety.ModelLoadOptions? limits = null)
    {
        limits ??= Safety.ModelLoadOptions.Safe;
        if (!File.Exists(path)) throw new FileNotFoundException($"File {path} does not exist.", path);
        if (new FileInfo(path).Length > limits.MaxFileBytes)
            throw new IOException($"Cannot read file {path}: it is larger than the {limits.MaxFileBytes} bytes read for a MetaGraphDef (ModelLoadOptions.MaxFileBytes).");
        var bytes = File.ReadAllBytes(path);
        // As read_meta_graph_file: binary first, then text (export_meta_graph(as_text=True) keeps the .meta name).
        var binaryProblem = TryBinary(bytes, limits, out var meta);
        if (meta is not null) return meta;
        var textProblem = TryText(bytes, limits, out meta);
        if (meta is not null) return meta;
        throw new IOException($"Cannot parse file {path}: it is not a binary MetaGraphDef (a .meta as tf.train.Saver writes it) " +
            $"nor a text one (as export_meta_graph(as_text: true) writes it), or it is truncated (as binary: {binaryProblem}; as text: {textProblem}).");
    }

    /// <summary>Null and the parsed meta graph, or why the bytes are not a binary one.</summary>
    private static string? TryBinary(byte[] bytes, Safety.ModelLoadOptions limits, out MetaGraphDef? meta)
    {
        meta = null;
        MetaGraphDef parsed;
        try
        {
            using var input = CodedInputStream.CreateWithLimits(new MemoryStream(bytes, writable: false), limits.MaxFileBytes, limits.RecursionLimit);
            parsed = MetaGraphDef.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e) { return e.Message; }
        // Text bytes can decode as unknown binary fields; a MetaGraphDef without a graph is no .meta.
        if (parsed.GraphDef is null) return "it holds no graph_def";
        meta = parsed;
        return null;
    }

    /// <summary>Null and the parsed meta graph, or why the bytes are not a text one.</summary>
    private static string? TryText(byte[] bytes, Safety.ModelLoadOptions limits, out MetaGraphDef? meta)
    {
        meta = null;
        MetaGraphDef parsed;
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return "it is not UTF-8 text"; }
        if (Safety.TextNesting.Depth(text) > limits.RecursionLimit) return $"its messages nest more than {limits.RecursionLimit} deep (ModelLoadOptions.RecursionLimit)";
        try { parsed = TextFormat.Parse<MetaGraphDef>(text); }
        catch (TextFormatParseError e) { return e.Message; }
        if (parsed.GraphDef is null) return "it holds no graph_def";
        meta = parsed;
        return null;
    }
}
