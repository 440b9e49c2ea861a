namespace TfBnPort.Tensorflow;

/// <summary>
/// One variable as a checkpoint stores it (an item of tf.train.list_variables): its key (the
/// variable's op name), dtype and shape. Prints as "dense/kernel float32 (784, 300)".
/// </summary>
public sealed record CheckpointVariable(string Name, DType DType, long[] Shape)
{
    // CheckpointDTypes names every dtype a checkpoint can hold (uint32, complex64, ...), not only those DType lists.
    public override string ToString() => $"{Name} {CheckpointDTypes.Name(DType)} {new TensorShape(Shape)}";
}
