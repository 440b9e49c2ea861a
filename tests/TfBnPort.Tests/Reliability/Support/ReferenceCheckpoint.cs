using TfBnPort.FaultWorker;

namespace TfBnPort.Tests.Reliability.Support;

/// <summary>The bytes of <see cref="SmallCheckpointModel"/>'s saved checkpoint, made once per test run.</summary>
internal static class ReferenceCheckpoint
{
    private static readonly Lazy<(byte[] Index, byte[] Data)> Files = new(() =>
    {
        using var dir = new ScratchDir("reference-ckpt");
        var prefix = SmallCheckpointModel.SaveReference(dir.Path);
        return (File.ReadAllBytes(prefix + ".index"), File.ReadAllBytes(DataFile(prefix)));
    });

    public static byte[] Index => Files.Value.Index;
    public static byte[] Data => Files.Value.Data;

    public static string DataFile(string prefix) => prefix + ".data-00000-of-00001";

    /// <summary>Writes a checkpoint "DIR/model.ckpt" with the given file contents and returns its prefix.</summary>
    public static string Write(string dir, byte[] index, byte[] data)
    {
        var prefix = Path.Combine(dir, "model.ckpt");
        File.WriteAllBytes(prefix + ".index", index);
        File.WriteAllBytes(DataFile(prefix), data);
        return prefix;
    }
}
