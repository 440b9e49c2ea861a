namespace TfBnPort.Tensorflow;

/// <summary>
/// The `axis` argument of the batch-norm layers: one axis (an int, default -1) or several (an
/// int[]), as TF's `axis` takes an int or a list. Converts implicitly from both, so
/// <c>axis: 1</c> and <c>axis: new[] { 1, 4 }</c> read as in Python.
/// </summary>
public readonly struct BatchNormAxis
{
    private readonly int[]? _axes;

    public BatchNormAxis(params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0) throw new ValueError("axis must name at least one axis, got an empty list.");
        _axes = axes.ToArray();
    }

    /// <summary>The axes as given (negative ones not yet resolved); the default is [-1].</summary>
    public IReadOnlyList<int> Axes => _axes ?? new[] { -1 };

    /// <summary>Whether it was given as a list (TF keeps a list a list, even of one axis).</summary>
    public bool IsList => _axes is { Length: > 1 };

    public static implicit operator BatchNormAxis(int axis) => new(axis);
    public static implicit operator BatchNormAxis(int[] axes) => new(axes);

    public override string ToString() => _axes is null ? "-1" : _axes.Length == 1 ? _axes[0].ToString() : "[" + string.Join(", ", _axes) + "]";
}
