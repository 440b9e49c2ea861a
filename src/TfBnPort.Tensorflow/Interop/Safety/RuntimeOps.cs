using System.Runtime.InteropServices;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>The OpDefs the loaded TensorFlow library registers (TF_GetAllOpList), read once.</summary>
internal static class RuntimeOps
{
    private static readonly Lazy<IReadOnlyDictionary<string, OpDef>> All = new(Load);

    public static OpDef? Find(string opType) => All.Value.GetValueOrDefault(opType);

    [DllImport(TfNative.Library)] private static extern IntPtr TF_GetAllOpList();

    private static unsafe IReadOnlyDictionary<string, OpDef> Load()
    {
        TensorflowLibrary.EnsureResolverInstalled();
        var buffer = TF_GetAllOpList();
        try
        {
            var b = (TF_Buffer*)buffer;
            var list = OpList.Parser.ParseFrom(new ReadOnlySpan<byte>((void*)b->data, checked((int)b->length)));
            return list.Op.GroupBy(op => op.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }
        finally { TfNative.TF_DeleteBuffer(buffer); }
    }
}
