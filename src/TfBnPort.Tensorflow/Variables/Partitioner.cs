namespace TfBnPort.Tensorflow;

/// <summary>
/// A variable partitioner (partitioned_variables.py): given a variable's full shape and dtype, how many
/// parts each axis is cut into (one entry per axis; only one entry may exceed 1).
/// </summary>
public delegate int[] Partitioner(TensorShape shape, DType dtype);

public static partial class tf
{
    /// <summary>
    /// tf.fixed_size_partitioner: <paramref name="num_shards"/> parts along <paramref name="axis"/>, at most
    /// one per element of that axis; every other axis whole.
    /// </summary>
    public static Partitioner fixed_size_partitioner(int num_shards, int axis = 0)
    {
        if (num_shards < 1) throw new ValueError($"fixed_size_partitioner: num_shards must be at least 1, got {num_shards}.");
        return (shape, _) =>
        {
            if (!shape.IsFullyDefined) throw new ValueError($"fixed_size_partitioner needs a fully defined shape, got {shape}.");
            if (axis < 0 || axis >= shape.Rank)
                throw new ValueError($"fixed_size_partitioner: axis {axis} is out of range for a variable of shape {shape}.");
            var partitions = Enumerable.Repeat(1, shape.Rank).ToArray();
            partitions[axis] = (int)Math.Min(num_shards, shape[axis]);
            return partitions;
        };
    }
}
