namespace TfBnPort.Tensorflow;

/// <summary>Python's RefVariable operators: arithmetic on a variable reads its value (the "read" snapshot).</summary>
public sealed partial class Variable
{
    public static Tensor operator +(Variable x, Tensor y) => x.Snapshot + y;
    public static Tensor operator +(Tensor x, Variable y) => x + y.Snapshot;
    public static Tensor operator +(Variable x, double y) => x.Snapshot + y;
    public static Tensor operator -(Variable x, Tensor y) => x.Snapshot - y;
    public static Tensor operator -(Tensor x, Variable y) => x - y.Snapshot;
    public static Tensor operator -(Variable x, double y) => x.Snapshot - y;
    public static Tensor operator -(double x, Variable y) => x - y.Snapshot;
    public static Tensor operator *(Variable x, Tensor y) => x.Snapshot * y;
    public static Tensor operator *(Tensor x, Variable y) => x * y.Snapshot;
    public static Tensor operator *(Variable x, double y) => x.Snapshot * y;
    public static Tensor operator *(double x, Variable y) => x * y.Snapshot;
    public static Tensor operator /(Variable x, Tensor y) => x.Snapshot / y;
    public static Tensor operator /(Variable x, double y) => x.Snapshot / y;
    public static Tensor operator -(Variable x) => -x.Snapshot;
}
