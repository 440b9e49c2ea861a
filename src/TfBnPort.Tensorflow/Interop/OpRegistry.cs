using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// The OpDefs the loaded runtime registers (TF_GetAllOpList), read once. Python's op_def_registry holds the
/// same defs without their documentation, and so does what this class hands out.
/// </summary>
public static class OpRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, OpDef>> Ops = new(Load);

    public static IReadOnlyDictionary<string, OpDef> Registered => Ops.Value;

    private static unsafe IReadOnlyDictionary<string, OpDef> Load()
    {
        var handle = TfNative.TF_GetAllOpList();
        OpList list;
        try
        {
            var buffer = (TF_Buffer*)handle;
            list = OpList.Parser.ParseFrom(new ReadOnlySpan<byte>((void*)buffer->data, checked((int)buffer->length)));
        }
        finally
        {
            TfNative.TF_DeleteBuffer(handle);
        }
        return list.Op.Select(WithoutDocs).ToDictionary(op => op.Name);
    }

    private static OpDef WithoutDocs(OpDef op)
    {
        var stripped = op.Clone();
        stripped.Summary = "";
        stripped.Description = "";
        foreach (var arg in stripped.InputArg.Concat(stripped.OutputArg)) arg.Description = "";
        foreach (var attr in stripped.Attr) attr.Description = "";
        return stripped;
    }
}
