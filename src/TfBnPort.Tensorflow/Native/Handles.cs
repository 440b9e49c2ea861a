using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>Owns a TF_Graph*.</summary>
public sealed class SafeGraphHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeGraphHandle Create() { var h = new SafeGraphHandle(); h.SetHandle(TfNative.TF_NewGraph()); return h; }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteGraph(handle); return true; }
}

/// <summary>Owns a TF_Tensor*. Fetched tensors are wrapped immediately so they are freed even on exceptions.</summary>
public sealed class SafeTensorHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeTensorHandle Own(IntPtr tensor) { var h = new SafeTensorHandle(); h.SetHandle(tensor); return h; }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteTensor(handle); return true; }
}

/// <summary>Owns a TF_SessionOptions*.</summary>
public sealed class SafeSessionOptionsHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeSessionOptionsHandle Create() { var h = new SafeSessionOptionsHandle(); h.SetHandle(TfNative.TF_NewSessionOptions()); return h; }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteSessionOptions(handle); return true; }
}

/// <summary>Owns a TF_Session*: closes and deletes it.</summary>
public sealed class SafeSessionHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeSessionHandle Own(IntPtr session) { var h = new SafeSessionHandle(); h.SetHandle(session); return h; }
    protected override bool ReleaseHandle()
    {
        using var status = new TfStatus();
        TfNative.TF_CloseSession(handle, status.Handle);
        TfNative.TF_DeleteSession(handle, status.Handle);
        return true;
    }
}

/// <summary>Owns a TF_Buffer*.</summary>
public sealed class SafeBufferHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeBufferHandle Create() { var h = new SafeBufferHandle(); h.SetHandle(TfNative.TF_NewBuffer()); return h; }

    /// <summary>A buffer holding a copy of <paramref name="bytes"/> (a serialized proto for the C API).</summary>
    public static unsafe SafeBufferHandle FromBytes(byte[] bytes)
    {
        var h = new SafeBufferHandle();
        fixed (byte* p = bytes) h.SetHandle(TfNative.TF_NewBufferFromString(p, (nuint)bytes.Length));
        return h;
    }

    public unsafe byte[] ToArray()
    {
        var buffer = (TF_Buffer*)handle;
        return new ReadOnlySpan<byte>((void*)buffer->data, checked((int)buffer->length)).ToArray();
    }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteBuffer(handle); return true; }
}
