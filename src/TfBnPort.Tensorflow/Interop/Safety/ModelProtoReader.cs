using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// Reads the binary protobufs of models from elsewhere with a size limit and a nesting limit
/// (Google.Protobuf's CodedInputStream limits), so a huge or deeply nested file is refused with
/// a clear message instead of exhausting memory or the stack. Anything unparseable or truncated
/// becomes a <see cref="ModelFormatException"/> naming the file and what was expected.
/// </summary>
public static class ModelProtoReader
{
    public static GraphDef ReadGraphDef(string path, ModelLoadOptions? options = null) =>
        Read(GraphDef.Parser, path, "a GraphDef (a frozen graph .pb)", options);

    public static MetaGraphDef ReadMetaGraphDef(string path, ModelLoadOptions? options = null) =>
        Read(MetaGraphDef.Parser, path, "a MetaGraphDef (.meta)", options);

    public static SavedModel ReadSavedModel(string path, ModelLoadOptions? options = null) =>
        Read(SavedModel.Parser, path, "a SavedModel (saved_model.pb)", options);

    /// <summary>Reads the file at <paramref name="path"/> as a <typeparamref name="T"/>, within the limits of <paramref name="options"/>.</summary>
    public static T Read<T>(MessageParser<T> parser, string path, string what, ModelLoadOptions? options = null) where T : IMessage<T>
    {
        options ??= ModelLoadOptions.Safe;
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}' does not exist: pass the path of {what}.", path);
        if (info.Length > options.MaxFileBytes)
            throw new ModelFormatException($"'{path}' is {GraphSafetyScanner.Bytes(info.Length)}, more than the {GraphSafetyScanner.Bytes(options.MaxFileBytes)} " +
                                           $"read for {what} (ModelLoadOptions.MaxFileBytes).", path);
        using var stream = File.OpenRead(path);
        return Parse(parser, stream, $"'{path}'", what, options, path);
    }

    /// <summary>Parses <paramref name="bytes"/> (named <paramref name="source"/> in errors) within the limits.</summary>
    public static T Parse<T>(MessageParser<T> parser, byte[] bytes, string source, string what, ModelLoadOptions? options = null) where T : IMessage<T>
    {
        options ??= ModelLoadOptions.Safe;
        if (bytes.Length > options.MaxFileBytes)
            throw new ModelFormatException($"{source} is {GraphSafetyScanner.Bytes(bytes.Length)}, more than the {GraphSafetyScanner.Bytes(options.MaxFileBytes)} read for {what}.");
        using var stream = new MemoryStream(bytes, writable: false);
        return Parse(parser, stream, source, what, options, path: null);
    }

    private static T Parse<T>(MessageParser<T> parser, Stream stream, string source, string what, ModelLoadOptions options, string? path) where T : IMessage<T>
    {
        try
        {
            using var input = CodedInputStream.CreateWithLimits(stream, options.MaxFileBytes, options.RecursionLimit);
            return parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            var why = e.Message.Contains("recursion", StringComparison.OrdinalIgnoreCase)
                ? $"its messages nest more than {options.RecursionLimit} deep (ModelLoadOptions.RecursionLimit)"
                : $"it does not parse ({e.Message.TrimEnd('.')})";
            throw new ModelFormatException($"{source} is not {what}: {why}. The file is truncated, damaged, or of another kind.", path);
        }
    }
}
