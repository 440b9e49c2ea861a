using TfBnPort.Reference;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>How a flavour is given its training flag.</summary>
internal enum TrainingFlag
{
    /// <summary>C# bools: a training graph and an inference graph (reusing the variables).</summary>
    Static,

    /// <summary>tf.placeholder(tf.bool, shape=()) (seed 000's prose: is_training may be a placeholder).</summary>
    Placeholder,

    /// <summary>tf.placeholder_with_default(False, shape=()) (seed 002).</summary>
    PlaceholderWithDefault,
}

/// <summary>
/// One API path of the cross-check table: how to build it, on which rank, how its training flag
/// is given, and which reference convention its moving statistics follow.
/// </summary>
/// <param name="Api">The call, as a reader would write it.</param>
/// <param name="Rank">2 (dense [N, C]) or 4 (NHWC).</param>
/// <param name="Flag">How the training flag is given.</param>
/// <param name="Build">Builds the layer.</param>
/// <param name="Moving">Which batch variance feeds the moving variance, and the update form.</param>
/// <param name="TfDecay">
/// The decay TF really applies for a nominal momentum: TF forms 1 − momentum as a float32, in one
/// of two ways (see DESIGN.md, "Finer TF 1.15 points"); the reference is given the same number.
/// </param>
internal sealed record BnFlavour(string Api, int Rank, TrainingFlag Flag, BuildLayer Build, MovingStatsFlavour Moving, Func<double, double> TfDecay)
{
    /// <summary>keras non-fused and moving_averages: a float32 Const of (1 − momentum) computed in double.</summary>
    public static double Float32OfDifference(double momentum) => 1 - (double)(float)(1 - momentum);

    /// <summary>keras fused: a float32 Sub(1.0, momentum) of the float32 momentum.</summary>
    public static double Float32Subtraction(double momentum) => 1 - (double)(1f - (float)momentum);

    /// <summary>The hand-written tf.assign multiplies by the nominal decay and 1 − decay (no single float32 decay to mirror).</summary>
    public static double Nominal(double momentum) => momentum;

    public string Describe(int[] shape) =>
        $"{Api} [{string.Join(",", shape)}] training={Flag switch { TrainingFlag.Static => "bool", TrainingFlag.Placeholder => "placeholder", _ => "placeholder_with_default" }}";
}
