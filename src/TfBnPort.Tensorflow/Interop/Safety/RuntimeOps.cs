using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>The OpDefs the loaded TensorFlow library registers, as <see cref="OpRegistry"/> reads them.</summary>
internal static class RuntimeOps
{
    public static OpDef? Find(string opType) => OpRegistry.Registered.GetValueOrDefault(opType);
}
