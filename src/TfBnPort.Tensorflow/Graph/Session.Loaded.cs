using Google.Protobuf;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>A Session whose native session was made by TensorFlow's SavedModel loader.</summary>
public sealed partial class Session
{
    /// <summary>
    /// Runs <paramref name="load"/> with this session's (empty) graph and its TF_SessionOptions; the
    /// TF_Session it returns (TF_LoadSessionFromSavedModel's, holding the restored variables) replaces
    /// this session's own, which is closed. Python's loader.load(sess, …) fills the caller's session too.
    /// </summary>
    internal unsafe void ReplaceWithLoaded(Func<IntPtr, IntPtr, TfStatus, IntPtr> load)
    {
        if (IsClosed) throw new ObjectDisposedException(nameof(Session), "Attempted to use a closed Session.");
        using var options = SafeSessionOptionsHandle.Create();
        using var status = new TfStatus();
        var proto = Config.ToByteArray();
        fixed (byte* p = proto) TfNative.TF_SetConfig(options.DangerousGetHandle(), p, (nuint)proto.Length, status.Handle);
        status.Check("setting session config");
        var loaded = load(Graph.Handle.DangerousGetHandle(), options.DangerousGetHandle(), status);
        status.Check();
        var old = _handle;
        _handle = SafeSessionHandle.Own(loaded);
        old.Dispose();
    }
}
