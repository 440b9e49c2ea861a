using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// One BN layer as a flavour builds it: the output used for training steps and the one used for
/// inference (the same tensor when the training flag is a placeholder), and its variables.
/// </summary>
/// <param name="TrainingOutput">y when training (the flag fed true, or the graph built with true).</param>
/// <param name="InferenceOutput">y at inference (the flag fed false, or a second call built with false on the same variables).</param>
/// <param name="Gamma">γ, or null where the flavour has none (contrib's scale=False).</param>
/// <param name="Beta">β.</param>
/// <param name="MovingMean">The moving mean.</param>
/// <param name="MovingVariance">The moving variance.</param>
internal sealed record BnLayer(Tensor TrainingOutput, Tensor InferenceOutput, Variable? Gamma, Variable Beta,
    Variable MovingMean, Variable MovingVariance);

/// <summary>Builds a flavour's layer on <paramref name="x"/>; <paramref name="flag"/> is the bool placeholder, or null for static bools.</summary>
internal delegate BnLayer BuildLayer(Tensor x, Tensor? flag, double momentum, double epsilon);
