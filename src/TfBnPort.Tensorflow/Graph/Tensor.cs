using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>
/// A symbolic tensor: output <see cref="ValueIndex"/> of an <see cref="Operation"/>, named "op:index"
/// as in TF1. Values exist only when a session runs it.
/// </summary>
public sealed partial class Tensor
{
    public Operation Op { get; }
    public int ValueIndex { get; }

    internal Tensor(Operation op, int index)
    {
        Op = op;
        ValueIndex = index;
    }

    public Graph Graph => Op.Graph;
    public string Name => $"{Op.Name}:{ValueIndex}";
    public DType DType => (DType)TfNative.TF_OperationOutputType(Output);
    internal TF_Output Output => new(Op.Handle, ValueIndex);

    /// <summary>The static shape TensorFlow's shape inference gives (or a shape set with <see cref="SetShape"/>).</summary>
    public unsafe TensorShape Shape
    {
        get
        {
            Graph.ThrowIfDisposed();
            using var status = new TfStatus();
            var rank = TfNative.TF_GraphGetTensorNumDims(Graph.Handle.DangerousGetHandle(), Output, status.Handle);
            status.Check($"shape of {Name}");
            if (rank < 0) return TensorShape.Unknown;
            var dims = new long[rank];
            fixed (long* p = dims) TfNative.TF_GraphGetTensorShape(Graph.Handle.DangerousGetHandle(), Output, p, rank, status.Handle);
            status.Check($"shape of {Name}");
            return new TensorShape(dims);
        }
    }

    public unsafe void SetShape(TensorShape shape)
    {
        if (shape.Dims is null) return;
        using var status = new TfStatus();
        fixed (long* p = shape.Dims) TfNative.TF_GraphSetTensorShape(Graph.Handle.DangerousGetHandle(), Output, p, shape.Dims.Length, status.Handle);
        status.Check($"set_shape of {Name} to {shape}");
    }

    /// <summary>The operations that consume this tensor (tracked on the C# side as ops are created).</summary>
    public IReadOnlyList<Operation> Consumers() => Op.Graph.ConsumersOf(this);

    public override string ToString() => $"Tensor(\"{Name}\", shape={Shape}, dtype={DType.PyName()})";
}
