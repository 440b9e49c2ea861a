using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>TF_Output / TF_Input: an operation and the index of one of its outputs (inputs).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TF_Output
{
    public IntPtr oper;
    public int index;

    public TF_Output(IntPtr oper, int index)
    {
        this.oper = oper;
        this.index = index;
    }
}

/// <summary>TF_Buffer: a pointer, a length and an optional deallocator.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TF_Buffer
{
    public IntPtr data;
    public nuint length;
    public IntPtr data_deallocator;
}
