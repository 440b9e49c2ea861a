using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// P/Invoke declarations for the part of TensorFlow's C API (c_api.h, tf_tensor.h, tf_status.h)
/// that this project uses. The library name is resolved by <see cref="TensorflowLibrary"/>.
/// </summary>
public static unsafe partial class TfNative
{
    public const string Library = "tensorflow";

    static TfNative() => TensorflowLibrary.EnsureResolverInstalled();

    // --- version and status ---
    [DllImport(Library)] public static extern IntPtr TF_Version();
    [DllImport(Library)] public static extern IntPtr TF_NewStatus();
    [DllImport(Library)] public static extern void TF_DeleteStatus(IntPtr status);
    [DllImport(Library)] public static extern TF_Code TF_GetCode(IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_Message(IntPtr status);

    // --- buffers ---
    [DllImport(Library)] public static extern IntPtr TF_NewBufferFromString(void* proto, nuint protoLen);
    [DllImport(Library)] public static extern IntPtr TF_NewBuffer();
    [DllImport(Library)] public static extern void TF_DeleteBuffer(IntPtr buffer);

    // --- tensors ---
    [DllImport(Library)] public static extern IntPtr TF_AllocateTensor(int dtype, long* dims, int numDims, nuint len);
    [DllImport(Library)] public static extern void TF_DeleteTensor(IntPtr tensor);
    [DllImport(Library)] public static extern int TF_TensorType(IntPtr tensor);
    [DllImport(Library)] public static extern int TF_NumDims(IntPtr tensor);
    [DllImport(Library)] public static extern long TF_Dim(IntPtr tensor, int dimIndex);
    [DllImport(Library)] public static extern nuint TF_TensorByteSize(IntPtr tensor);
    [DllImport(Library)] public static extern IntPtr TF_TensorData(IntPtr tensor);
    [DllImport(Library)] public static extern nuint TF_StringEncode(byte* src, nuint srcLen, byte* dst, nuint dstLen, IntPtr status);
    [DllImport(Library)] public static extern nuint TF_StringDecode(byte* src, nuint srcLen, byte** dst, nuint* dstLen, IntPtr status);
    [DllImport(Library)] public static extern nuint TF_StringEncodedSize(nuint len);

    // --- graphs ---
    [DllImport(Library)] public static extern IntPtr TF_NewGraph();
    [DllImport(Library)] public static extern void TF_DeleteGraph(IntPtr graph);
    [DllImport(Library)] public static extern void TF_GraphSetTensorShape(IntPtr graph, TF_Output output, long* dims, int numDims, IntPtr status);
    [DllImport(Library)] public static extern int TF_GraphGetTensorNumDims(IntPtr graph, TF_Output output, IntPtr status);
    [DllImport(Library)] public static extern void TF_GraphGetTensorShape(IntPtr graph, TF_Output output, long* dims, int numDims, IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_GraphOperationByName(IntPtr graph, [MarshalAs(UnmanagedType.LPUTF8Str)] string operName);
    [DllImport(Library)] public static extern void TF_GraphToGraphDef(IntPtr graph, IntPtr outputGraphDef, IntPtr status);
    [DllImport(Library)] public static extern byte TF_TryEvaluateConstant(IntPtr graph, TF_Output output, IntPtr* result, IntPtr status);

    // --- operation descriptions ---
    [DllImport(Library)] public static extern IntPtr TF_NewOperation(IntPtr graph, [MarshalAs(UnmanagedType.LPUTF8Str)] string opType, [MarshalAs(UnmanagedType.LPUTF8Str)] string operName);
    [DllImport(Library)] public static extern void TF_SetDevice(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string device);
    [DllImport(Library)] public static extern void TF_AddInput(IntPtr desc, TF_Output input);
    [DllImport(Library)] public static extern void TF_AddInputList(IntPtr desc, TF_Output* inputs, int numInputs);
    [DllImport(Library)] public static extern void TF_AddControlInput(IntPtr desc, IntPtr input);
    [DllImport(Library)] public static extern void TF_ColocateWith(IntPtr desc, IntPtr op);
    [DllImport(Library)] public static extern void TF_SetAttrString(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, byte* value, nuint length);
    [DllImport(Library)] public static extern void TF_SetAttrStringList(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, IntPtr* values, nuint* lengths, int numValues);
    [DllImport(Library)] public static extern void TF_SetAttrInt(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, long value);
    [DllImport(Library)] public static extern void TF_SetAttrIntList(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, long* values, int numValues);
    [DllImport(Library)] public static extern void TF_SetAttrFloat(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, float value);
    [DllImport(Library)] public static extern void TF_SetAttrBool(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, byte value);
    [DllImport(Library)] public static extern void TF_SetAttrType(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, int value);
    [DllImport(Library)] public static extern void TF_SetAttrTypeList(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, int* values, int numValues);
    [DllImport(Library)] public static extern void TF_SetAttrShape(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, long* dims, int numDims);
    [DllImport(Library)] public static extern void TF_SetAttrShapeList(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, long** dims, int* numDims, int numShapes);
    [DllImport(Library)] public static extern void TF_SetAttrTensor(IntPtr desc, [MarshalAs(UnmanagedType.LPUTF8Str)] string attrName, IntPtr value, IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_FinishOperation(IntPtr desc, IntPtr status);

    // --- operations ---
    [DllImport(Library)] public static extern IntPtr TF_OperationName(IntPtr oper);
    [DllImport(Library)] public static extern IntPtr TF_OperationOpType(IntPtr oper);
    [DllImport(Library)] public static extern IntPtr TF_OperationDevice(IntPtr oper);
    [DllImport(Library)] public static extern int TF_OperationNumOutputs(IntPtr oper);
    [DllImport(Library)] public static extern int TF_OperationOutputType(TF_Output output);
    [DllImport(Library)] public static extern int TF_OperationNumInputs(IntPtr oper);
    [DllImport(Library)] public static extern TF_Output TF_OperationInput(TF_Output input);
    [DllImport(Library)] public static extern int TF_OperationNumControlInputs(IntPtr oper);
    [DllImport(Library)] public static extern int TF_OperationGetControlInputs(IntPtr oper, IntPtr* controlInputs, int maxControlInputs);

    // --- sessions ---
    [DllImport(Library)] public static extern IntPtr TF_NewSessionOptions();
    [DllImport(Library)] public static extern void TF_DeleteSessionOptions(IntPtr options);
    [DllImport(Library)] public static extern void TF_SetTarget(IntPtr options, [MarshalAs(UnmanagedType.LPUTF8Str)] string target);
    [DllImport(Library)] public static extern void TF_SetConfig(IntPtr options, void* proto, nuint protoLen, IntPtr status);
    [DllImport(Library)] public static extern IntPtr TF_NewSession(IntPtr graph, IntPtr options, IntPtr status);
    [DllImport(Library)] public static extern void TF_CloseSession(IntPtr session, IntPtr status);
    [DllImport(Library)] public static extern void TF_DeleteSession(IntPtr session, IntPtr status);
    [DllImport(Library)]
    public static extern void TF_SessionRun(IntPtr session, IntPtr runOptions,
        TF_Output* inputs, IntPtr* inputValues, int numInputs,
        TF_Output* outputs, IntPtr* outputValues, int numOutputs,
        IntPtr* targetOpers, int numTargets, IntPtr runMetadata, IntPtr status);

    /// <summary>Reads a NUL-terminated UTF-8 string owned by TensorFlow.</summary>
    public static string PtrToString(IntPtr p) => Marshal.PtrToStringUTF8(p) ?? "";
}
