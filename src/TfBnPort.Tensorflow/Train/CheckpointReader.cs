using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>
/// TensorFlow's own checkpoint reader (TF_NewCheckpointReader), used to load tensor values.
/// Open it only on a prefix whose index <see cref="CheckpointIndex"/> has parsed (TensorFlow
/// CHECK-fails on a malformed entry), and ask only for names that index holds.
/// </summary>
internal sealed class CheckpointReader : IDisposable
{
    private readonly SafeCheckpointReaderHandle _handle;

    private CheckpointReader(string prefix, SafeCheckpointReaderHandle handle)
    {
        Prefix = prefix;
        _handle = handle;
    }

    public string Prefix { get; }

    public static CheckpointReader Open(string prefix)
    {
        using var status = new TfStatus();
        var reader = TfNative.TF_NewCheckpointReader(prefix, status.Handle);
        if (status.Code != TF_Code.OK || reader == IntPtr.Zero)
            throw new CheckpointException($"TensorFlow cannot open the checkpoint '{prefix}': {status.Message}", prefix);
        return new CheckpointReader(prefix, SafeCheckpointReaderHandle.Own(reader));
    }

    /// <summary>The stored tensor <paramref name="name"/>, copied to the host (TensorFlow checks its CRC).</summary>
    public TensorValue GetTensor(string name)
    {
        using var status = new TfStatus();
        var tensor = TfNative.TF_CheckpointReaderGetTensor(_handle.DangerousGetHandle(), name, status.Handle);
        using var owned = SafeTensorHandle.Own(tensor);
        if (status.Code != TF_Code.OK || tensor == IntPtr.Zero)
            throw new CheckpointException(
                $"Reading '{name}' from the checkpoint '{Prefix}' failed: {status.Message} " +
                "(the data file is damaged or belongs to another checkpoint; restore an earlier checkpoint or save again).", Prefix, name);
        return TensorValue.FromNative(tensor);
    }

    public void Dispose() => _handle.Dispose();
}
