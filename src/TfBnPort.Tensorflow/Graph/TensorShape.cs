namespace TfBnPort.Tensorflow;

/// <summary>
/// A static shape as TensorFlow infers it: unknown rank (Dims == null), or dims where -1 is unknown.
/// Printed like Python: (?, 784).
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    public long[]? Dims { get; }

    public TensorShape(params long[]? dims) => Dims = dims;
    public TensorShape(params int[] dims) => Dims = dims.Select(d => (long)d).ToArray();

    public static TensorShape Unknown { get; } = new((long[]?)null);
    public static TensorShape Scalar { get; } = new(Array.Empty<long>());

    public bool IsKnownRank => Dims is not null;
    public int Rank => Dims?.Length ?? -1;
    public bool IsFullyDefined => Dims is not null && Dims.All(d => d >= 0);
    public long this[int i] => Dims![i < 0 ? Dims.Length + i : i];

    public long NumElements => IsFullyDefined ? Dims!.Aggregate(1L, (a, b) => a * b) : -1;

    public int[] AsIntArray() => Dims?.Select(d => (int)d).ToArray() ?? throw new InvalidOperationException("shape has unknown rank");

    /// <summary>Whether a concrete shape fits this (possibly partial) static shape.</summary>
    public bool IsCompatibleWith(TensorShape other)
    {
        if (Dims is null || other.Dims is null) return true;
        if (Dims.Length != other.Dims.Length) return false;
        for (var i = 0; i < Dims.Length; i++)
            if (Dims[i] >= 0 && other.Dims[i] >= 0 && Dims[i] != other.Dims[i]) return false;
        return true;
    }

    public bool Equals(TensorShape? other) =>
        other is not null && (Dims is null ? other.Dims is null : other.Dims is not null && Dims.SequenceEqual(other.Dims));

    public override bool Equals(object? obj) => Equals(obj as TensorShape);
    public override int GetHashCode() => Dims is null ? 0 : Dims.Aggregate(17, (h, d) => h * 31 + d.GetHashCode());

    public override string ToString() => Dims is null
        ? "<unknown>"
        : "(" + string.Join(", ", Dims.Select(d => d < 0 ? "?" : d.ToString())) + (Dims.Length == 1 ? ",)" : ")");

    public static implicit operator TensorShape(int[] dims) => new(dims);
}
