namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// What <see cref="BatchNormCrossCheck.Run(CrossCheckOptions, string)"/> builds and runs: the dense and NHWC batch shapes,
/// how many training (update) steps, the momentum/decay every layer gets, and the RNG seed of
/// the random batches, γ, β and loss weights.
/// </summary>
/// <param name="DenseShape">[N, C] input of the rank-2 flavours.</param>
/// <param name="ConvShape">[N, H, W, C] (NHWC) input of the rank-4 flavours.</param>
/// <param name="Steps">Training steps; the moving statistics are compared after them.</param>
/// <param name="Momentum">tf.layers momentum = contrib decay = the hand-written decay (0.9, as seeds 000-002 use).</param>
/// <param name="Epsilon">ε of every flavour (0.001: every API's default and seed 001's value).</param>
/// <param name="Seed">Seed of the deterministic random data.</param>
public sealed record CrossCheckOptions(int[] DenseShape, int[] ConvShape, int Steps = 10, double Momentum = 0.9, double Epsilon = 0.001, int Seed = 20191127)
{
    /// <summary>The shapes of issue 3: a 300-unit dense layer on 64 digits, a 64-channel 14×14 feature map on 32.</summary>
    public static CrossCheckOptions Default { get; } = new([64, 300], [32, 14, 14, 64]);

    /// <summary>Small shapes that keep every flavour's check to milliseconds (tests).</summary>
    public static CrossCheckOptions Small { get; } = new([16, 12], [4, 3, 3, 8]);
}
