namespace TfBnPort.Tensorflow;

/// <summary>Python's tensor operators: x + y is AddV2, x - y Sub, x * y Mul, x / y RealDiv, -x Neg.</summary>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor x, Tensor y) => OpHelper.Binary("AddV2", x, y, "add");
    public static Tensor operator +(Tensor x, double y) => OpHelper.Binary("AddV2", x, y, "add");
    public static Tensor operator +(double x, Tensor y) => OpHelper.Binary("AddV2", x, y, "add");
    public static Tensor operator -(Tensor x, Tensor y) => OpHelper.Binary("Sub", x, y, "sub");
    public static Tensor operator -(Tensor x, double y) => OpHelper.Binary("Sub", x, y, "sub");
    public static Tensor operator -(double x, Tensor y) => OpHelper.Binary("Sub", x, y, "sub");
    public static Tensor operator *(Tensor x, Tensor y) => OpHelper.Binary("Mul", x, y, "mul");
    public static Tensor operator *(Tensor x, double y) => OpHelper.Binary("Mul", x, y, "mul");
    public static Tensor operator *(double x, Tensor y) => OpHelper.Binary("Mul", x, y, "mul");
    public static Tensor operator /(Tensor x, Tensor y) => OpHelper.Binary("RealDiv", x, y, "truediv");
    public static Tensor operator /(Tensor x, double y) => OpHelper.Binary("RealDiv", x, y, "truediv");
    public static Tensor operator /(double x, Tensor y) => OpHelper.Binary("RealDiv", x, y, "truediv");
    public static Tensor operator -(Tensor x) => OpHelper.Unary("Neg", x, "Neg");

    public TensorShape get_shape() => Shape;
    public string name => Name;
    public DType dtype => DType;
    public Operation op => Op;
    public Graph graph => Graph;

    /// <summary>Tensor.eval(feed_dict) in the given session (TF1's default session is explicit here).</summary>
    public NumSharp.NDArray eval(Session session, FeedDict? feed_dict = null) => session.run(this, feed_dict);
}
