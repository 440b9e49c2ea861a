using System.Collections;

namespace TfBnPort.Tensorflow;

/// <summary>
/// A variable stored as parts "NAME/part_0", "NAME/part_1"... cut along one axis (variables.py's
/// PartitionedVariable). Used as a tensor it is the parts' concatenation, built anew each time:
/// ConcatV2 "NAME/ConcatPartitions/concat" then Identity "NAME", outside any control dependency.
/// </summary>
public sealed class PartitionedVariable : IHasTensor, IEnumerable<Variable>
{
    private readonly IReadOnlyList<Variable> _parts;

    internal PartitionedVariable(string name, TensorShape shape, DType dtype, IReadOnlyList<Variable> parts, int[] partitions)
    {
        Name = name;
        Shape = shape;
        DType = dtype;
        _parts = parts;
        Partitions = partitions;
    }

    /// <summary>The full name without part suffix ("BatchNorm/beta").</summary>
    public string Name { get; }
    public TensorShape Shape { get; }
    public DType DType { get; }

    /// <summary>How many parts each axis is cut into (the partitioner's answer).</summary>
    public int[] Partitions { get; }
    public IReadOnlyList<Variable> Parts => _parts;

    public TensorShape get_shape() => Shape;
    public IReadOnlyList<Variable> _get_variable_list() => _parts;

    /// <summary>as_tensor(): the concatenated value, free of the caller's control dependencies.</summary>
    public Tensor AsTensor()
    {
        var graph = _parts[0].Graph;
        using var noDeps = graph.ControlDependencies(null);
        if (_parts.Count == 1)
        {
            using var top = graph.NameScope(null);
            return tf.identity(_parts[0].Snapshot, Name);
        }
        var axes = Enumerable.Range(0, Partitions.Length).Where(i => Partitions[i] > 1).ToList();
        if (axes.Count > 1)
            throw new NotImplementedException($"Cannot concatenate along more than one dimension: [{string.Join(", ", axes)}].  Multi-axis partition concat is not supported");
        Tensor concatenated;
        using (graph.NameScope(Name + "/ConcatPartitions/"))
            concatenated = tf.concat(_parts.Select(p => p.Snapshot), axes[0]);
        using (graph.NameScope(null))
            return tf.identity(concatenated, Name);
    }

    public Tensor as_tensor() => AsTensor();

    public static implicit operator Tensor(PartitionedVariable v) => v.AsTensor();

    public IEnumerator<Variable> GetEnumerator() => _parts.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"<tf.PartitionedVariable '{Name}' shape={Shape} dtype={DType.PyName()} parts={_parts.Count}>";
}
