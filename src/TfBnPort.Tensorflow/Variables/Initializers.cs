namespace TfBnPort.Tensorflow;

/// <summary>A TF1 initializer: builds the initial value of a variable of a given shape and dtype.</summary>
public interface IInitializer
{
    Tensor Call(int[] shape, DType dtype);

    /// <summary>
    /// The initial value of one part of a partitioned variable of <paramref name="fullShape"/> (TF's
    /// partition_info): only initializers whose value depends on the whole shape (variance scaling) differ.
    /// </summary>
    Tensor CallPart(int[] shape, DType dtype, int[] fullShape) => Call(shape, dtype);
}

/// <summary>Initializers as init_ops.py builds them (op names and seeds included).</summary>
public sealed class FuncInitializer(Func<int[], DType, Tensor> build) : IInitializer
{
    public Tensor Call(int[] shape, DType dtype) => build(shape, dtype);
}

/// <summary>variance_scaling: its fans come from the full variable's shape when it initializes a part.</summary>
internal sealed class VarianceScalingInitializer(Func<int[], DType, int[], Tensor> build) : IInitializer
{
    public Tensor Call(int[] shape, DType dtype) => build(shape, dtype, shape);
    public Tensor CallPart(int[] shape, DType dtype, int[] fullShape) => build(shape, dtype, fullShape);
}

public static partial class tf
{
    public static IInitializer zeros_initializer() => new FuncInitializer((s, d) => zeros(s, d));
    public static IInitializer ones_initializer() => new FuncInitializer((s, d) => ones(s, d));

    public static IInitializer constant_initializer(double value = 0) =>
        new FuncInitializer((s, d) => constant(TensorValue.From(value).CastTo(d), shape: s, name: "Const"));

    public static IInitializer truncated_normal_initializer(double mean = 0, double stddev = 1, int? seed = null) =>
        new FuncInitializer((s, d) => truncated_normal(s, mean, stddev, d, seed));

    public static IInitializer random_normal_initializer(double mean = 0, double stddev = 1, int? seed = null) =>
        new FuncInitializer((s, d) => random_normal(s, mean, stddev, d, seed));

    public static IInitializer random_uniform_initializer(double minval = -0.05, double maxval = 0.05, int? seed = null) =>
        new FuncInitializer((s, d) => random_uniform(s, minval, maxval, d, seed));

    /// <summary>glorot_uniform (the default of get_variable): U(±√(6/(fan_in+fan_out))).</summary>
    public static IInitializer glorot_uniform_initializer(int? seed = null) => variance_scaling_initializer(1.0, "fan_avg", "uniform", seed);

    /// <summary>
    /// tf.variance_scaling_initializer (TF 1.15 defaults: scale 1, fan_in, truncated_normal):
    /// truncated normal with stddev √(scale/n)/0.87962566103423978, or uniform with limit √(3·scale/n).
    /// </summary>
    public static IInitializer variance_scaling_initializer(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", int? seed = null) =>
        new VarianceScalingInitializer((shape, dtype, fullShape) =>
        {
            var (fanIn, fanOut) = Fans(fullShape);
            var n = mode switch
            {
                "fan_in" => fanIn,
                "fan_out" => fanOut,
                "fan_avg" => (fanIn + fanOut) / 2.0,
                _ => throw new ValueError($"Invalid `mode` argument: {mode}"),
            };
            var s = scale / Math.Max(1.0, n);
            return distribution switch
            {
                "truncated_normal" or "normal" => truncated_normal(shape, 0.0, Math.Sqrt(s) / 0.87962566103423978, dtype, seed),
                "untruncated_normal" => random_normal(shape, 0.0, Math.Sqrt(s), dtype, seed),
                "uniform" => random_uniform(shape, -Math.Sqrt(3.0 * s), Math.Sqrt(3.0 * s), dtype, seed),
                _ => throw new ValueError($"Invalid `distribution` argument: {distribution}"),
            };
        });

    /// <summary>init_ops._compute_fans: [in, out] for dense kernels, receptive field × channels for conv kernels.</summary>
    internal static (double FanIn, double FanOut) Fans(int[] shape)
    {
        if (shape.Length < 1) return (1, 1);
        if (shape.Length == 1) return (shape[0], shape[0]);
        if (shape.Length == 2) return (shape[0], shape[1]);
        double receptive = 1;
        for (var i = 0; i < shape.Length - 2; i++) receptive *= shape[i];
        return (shape[^2] * receptive, shape[^1] * receptive);
    }
}
