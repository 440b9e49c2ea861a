using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// The checkpoint reader of c_api_experimental.h (exported by libtensorflow 1.15 as VERS_1.0).
/// Caution: the native side uses std::map::at for names, so the name-taking calls abort the
/// process on a name the checkpoint lacks; callers pass only names read from the index first.
/// </summary>
public static unsafe partial class TfNative
{
    [DllImport(Library)] public static extern IntPtr TF_NewCheckpointReader([MarshalAs(UnmanagedType.LPUTF8Str)] string filename, IntPtr status);
    [DllImport(Library)] public static extern void TF_DeleteCheckpointReader(IntPtr reader);
    [DllImport(Library)] public static extern int TF_CheckpointReaderHasTensor(IntPtr reader, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(Library)] public static extern IntPtr TF_CheckpointReaderGetVariable(IntPtr reader, int index);
    [DllImport(Library)] public static extern int TF_CheckpointReaderSize(IntPtr reader);
    [DllImport(Library)] public static extern int TF_CheckpointReaderGetVariableDataType(IntPtr reader, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(Library)] public static extern int TF_CheckpointReaderGetVariableNumDims(IntPtr reader, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(Library)] public static extern void TF_CheckpointReaderGetVariableShape(IntPtr reader, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, long* dims, int numDims, IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_CheckpointReaderGetTensor(IntPtr reader, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, IntPtr status);
}

/// <summary>Owns a TF_CheckpointReader*.</summary>
public sealed class SafeCheckpointReaderHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeCheckpointReaderHandle Own(IntPtr reader) { var h = new SafeCheckpointReaderHandle(); h.SetHandle(reader); return h; }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteCheckpointReader(handle); return true; }
}
