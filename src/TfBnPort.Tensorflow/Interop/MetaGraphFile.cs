using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Reading and writing .meta files: graph_io.write_graph (binary, or text format with as_text; the
/// directory is created; the file replaced atomically, so a failed write leaves the previous one) and
/// meta_graph.read_meta_graph_file (binary MetaGraphDef).
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
            if (asText) File.WriteAllText(temp, ProtoText.Format(meta));
            else File.WriteAllBytes(temp, meta.ToByteArray());
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a binary .meta within the size and nesting limits of <paramref name="limits"/> (default: ModelLoadOptions.Safe's).</summary>
    public static MetaGraphDef Read(string path, Safety.ModelLoadOptions? limits = null)
    {
        limits ??= Safety.ModelLoadOptions.Safe;
        if (!File.Exists(path)) throw new FileNotFoundException($"File {path} does not exist.", path);
        if (new FileInfo(path).Length > limits.MaxFileBytes)
            throw new IOException($"Cannot read file {path}: it is larger than the {limits.MaxFileBytes} bytes read for a MetaGraphDef (ModelLoadOptions.MaxFileBytes).");
        var bytes = File.ReadAllBytes(path);
        MetaGraphDef meta;
        try
        {
            using var input = CodedInputStream.CreateWithLimits(new MemoryStream(bytes, writable: false), limits.MaxFileBytes, limits.RecursionLimit);
            meta = MetaGraphDef.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new IOException($"Cannot parse file {path}: it is not a binary MetaGraphDef (a .meta as tf.train.Saver writes it) or it is truncated ({e.Message}).", e);
        }
        if (meta.GraphDef is null)
            throw new IOException($"Cannot parse file {path}: it holds no graph_def, so it is not a MetaGraphDef (a .meta as tf.train.Saver writes it).");
        return meta;
    }
}
