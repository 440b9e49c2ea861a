using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>The in-process gRPC server of c_api.h (TF_Server*), behind tf.train.Server.</summary>
public static unsafe partial class TfNative
{
    [DllImport(Library)] public static extern IntPtr TF_NewServer(void* proto, nuint protoLen, IntPtr status);
    [DllImport(Library)] public static extern void TF_ServerStart(IntPtr server, IntPtr status);
    [DllImport(Library)] public static extern void TF_ServerStop(IntPtr server, IntPtr status);
    [DllImport(Library)] public static extern void TF_ServerJoin(IntPtr server, IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_ServerTarget(IntPtr server);
    [DllImport(Library)] public static extern void TF_DeleteServer(IntPtr server);
}
