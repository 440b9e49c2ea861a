using System.Runtime.InteropServices;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Bench;

/// <summary>
/// The floor the binding is measured against: TF_SessionRun called straight on the P/Invoke
/// layer with prebuilt port arrays, one TF_Tensor allocated and filled per feed, no wrappers.
/// </summary>
public sealed unsafe class RawSession : IDisposable
{
    private readonly IntPtr _session;
    private readonly IntPtr _status = TfNative.TF_NewStatus();
    private readonly TF_Output[] _inputs;
    private readonly TF_Output[] _outputs;
    private readonly IntPtr[] _targets;
    private readonly IntPtr[] _inputValues;
    private readonly IntPtr[] _outputValues;

    /// <summary>Wraps the native session of <paramref name="session"/> (its variables stay as that session left them).</summary>
    public RawSession(Session session, IReadOnlyList<Tensor> feeds, IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets)
    {
        _session = session.NativeHandle;
        _inputs = feeds.Select(NativePort).ToArray();
        _outputs = fetches.Select(NativePort).ToArray();
        _targets = targets.Select(t => t.NativeHandle).ToArray();
        _inputValues = new IntPtr[_inputs.Length];
        _outputValues = new IntPtr[_outputs.Length];
    }

    private static TF_Output NativePort(Tensor t) => new(t.Op.NativeHandle, t.ValueIndex);

    /// <summary>One run with raw host bytes of any dtype (what a sample's batch is, already in memory).</summary>
    public float Run(IReadOnlyList<TensorValue> feeds)
    {
        for (var i = 0; i < feeds.Count; i++)
        {
            var f = feeds[i];
            IntPtr t;
            fixed (long* dims = f.Shape) t = TfNative.TF_AllocateTensor((int)f.DType, dims, f.Shape.Length, (nuint)f.Data.Length);
            if (f.Data.Length > 0) Marshal.Copy(f.Data, 0, TfNative.TF_TensorData(t), f.Data.Length);
            _inputValues[i] = t;
        }
        return RunPrepared(feeds.Count);
    }

    private float RunPrepared(int feedCount)
    {
        fixed (TF_Output* pIn = _inputs)
        fixed (IntPtr* pInV = _inputValues)
        fixed (TF_Output* pOut = _outputs)
        fixed (IntPtr* pOutV = _outputValues)
        fixed (IntPtr* pT = _targets)
            TfNative.TF_SessionRun(_session, IntPtr.Zero, pIn, pInV, _inputs.Length, pOut, pOutV, _outputs.Length, pT, _targets.Length, IntPtr.Zero, _status);
        for (var i = 0; i < feedCount; i++) TfNative.TF_DeleteTensor(_inputValues[i]);
        if (TfNative.TF_GetCode(_status) != TF_Code.OK) throw new TensorflowException(TfNative.TF_GetCode(_status), TfNative.PtrToString(TfNative.TF_Message(_status)));
        var first = 0f;
        for (var i = 0; i < _outputValues.Length; i++)
        {
            if (i == 0 && TfNative.TF_TensorType(_outputValues[i]) == (int)DType.Float) first = *(float*)TfNative.TF_TensorData(_outputValues[i]);
            TfNative.TF_DeleteTensor(_outputValues[i]);
        }
        return first;
    }

    public void Dispose() => TfNative.TF_DeleteStatus(_status);
}
