using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// The part of c_api.h that moves graphs in and out as protocol buffers: TF_GraphImportGraphDef*,
/// walking a graph's operations, NodeDef/OpDef/VersionDef of live objects, and the registered op list.
/// </summary>
public static unsafe partial class TfNative
{
    // --- import options and results ---
    [DllImport(Library)] public static extern IntPtr TF_NewImportGraphDefOptions();
    [DllImport(Library)] public static extern void TF_DeleteImportGraphDefOptions(IntPtr opts);
    [DllImport(Library)] public static extern void TF_ImportGraphDefOptionsSetPrefix(IntPtr opts, [MarshalAs(UnmanagedType.LPUTF8Str)] string prefix);
    [DllImport(Library)] public static extern void TF_ImportGraphDefOptionsSetUniquifyNames(IntPtr opts, byte uniquifyNames);
    [DllImport(Library)] public static extern void TF_ImportGraphDefOptionsAddInputMapping(IntPtr opts, [MarshalAs(UnmanagedType.LPUTF8Str)] string srcName, int srcIndex, TF_Output dst);
    [DllImport(Library)] public static extern void TF_ImportGraphDefOptionsRemapControlDependency(IntPtr opts, [MarshalAs(UnmanagedType.LPUTF8Str)] string srcName, IntPtr dst);
    [DllImport(Library)] public static extern void TF_ImportGraphDefOptionsAddReturnOutput(IntPtr opts, [MarshalAs(UnmanagedType.LPUTF8Str)] string operName, int index);
    [DllImport(Library)] public static extern void TF_ImportGraphDefOptionsAddReturnOperation(IntPtr opts, [MarshalAs(UnmanagedType.LPUTF8Str)] string operName);
    [DllImport(Library)] public static extern IntPtr TF_GraphImportGraphDefWithResults(IntPtr graph, IntPtr graphDef, IntPtr options, IntPtr status);
    [DllImport(Library)] public static extern void TF_ImportGraphDefResultsReturnOutputs(IntPtr results, int* numOutputs, TF_Output** outputs);
    [DllImport(Library)] public static extern void TF_ImportGraphDefResultsReturnOperations(IntPtr results, int* numOpers, IntPtr** opers);
    [DllImport(Library)] public static extern void TF_ImportGraphDefResultsMissingUnusedInputMappings(IntPtr results, int* numMissing, IntPtr** srcNames, int** srcIndexes);
    [DllImport(Library)] public static extern void TF_DeleteImportGraphDefResults(IntPtr results);

    // --- reading a graph back ---
    [DllImport(Library)] public static extern IntPtr TF_GraphNextOperation(IntPtr graph, nuint* pos);
    [DllImport(Library)] public static extern void TF_OperationToNodeDef(IntPtr oper, IntPtr outputNodeDef, IntPtr status);
    [DllImport(Library)] public static extern void TF_OperationGetAttrTensor(IntPtr oper, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, IntPtr* value, IntPtr status);
    [DllImport(Library)] public static extern void TF_GraphGetOpDef(IntPtr graph, [MarshalAs(UnmanagedType.LPUTF8Str)] string opName, IntPtr outputOpDef, IntPtr status);
    [DllImport(Library)] public static extern void TF_GraphVersions(IntPtr graph, IntPtr outputVersionDef, IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_GetAllOpList();
}

/// <summary>Owns a TF_ImportGraphDefOptions*.</summary>
public sealed class SafeImportOptionsHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeImportOptionsHandle Create() { var h = new SafeImportOptionsHandle(); h.SetHandle(TfNative.TF_NewImportGraphDefOptions()); return h; }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteImportGraphDefOptions(handle); return true; }
}

/// <summary>Owns a TF_ImportGraphDefResults*.</summary>
public sealed class SafeImportResultsHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
    public static SafeImportResultsHandle Own(IntPtr results) { var h = new SafeImportResultsHandle(); h.SetHandle(results); return h; }
    protected override bool ReleaseHandle() { TfNative.TF_DeleteImportGraphDefResults(handle); return true; }
}

/// <summary>A TF_Buffer* filled by TensorFlow with a serialized proto, read once and freed.</summary>
internal static class NativeProtoBuffer
{
    /// <summary>Runs <paramref name="fill"/> on a fresh TF_Buffer and returns its bytes.</summary>
    public static byte[] Read(Action<IntPtr, TfStatus> fill, string context)
    {
        using var buffer = SafeBufferHandle.Create();
        using var status = new TfStatus();
        fill(buffer.DangerousGetHandle(), status);
        status.Check(context);
        return buffer.ToArray();
    }
}
