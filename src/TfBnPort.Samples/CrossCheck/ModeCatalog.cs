using TfBnPort.Reference;
using TfBnPort.Tensorflow;
using static TfBnPort.Samples.CrossCheck.BnFlavour;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>The keras modes the cross-check runs after the seeds' flavours (issue 18).</summary>
public static class ModeCatalog
{
    /// <summary>Renorm's clipping: tight enough that r and d clip on the first steps (data σ ∈ [0.5, 2], μ ∈ [−2, 2]).</summary>
    private static readonly RenormClipping Clipping = new(Rmax: 1.5, Rmin: 0.75, Dmax: 1);

    /// <summary>renorm_momentum, different from momentum so a swapped pair shows.</summary>
    private const double RenormMomentum = 0.8;

    internal static IReadOnlyList<BnMode> All { get; } =
    [
        // [N, C, 5] with the channels on axis 1 (keras NCW); not fusable, so the non-fused keras path.
        new("tf.layers.batch_normalization(axis=1)", o => [o.DenseShape[0], o.DenseShape[1], 5], 1,
            (x, o) => tf.layers.batch_normalization(x, axis: 1, momentum: o.Momentum, epsilon: o.Epsilon, training: true, name: "bn"),
            (c, o) => new ModeReference.Plain(c, o.Epsilon, Float32OfDifference(o.Momentum))),
        // Ghost batches of a quarter of the batch (N/4 samples each; 4 ghosts).
        new("tf.layers.batch_normalization(virtual_batch_size=N/4)", o => o.DenseShape, -1,
            (x, o) => tf.layers.batch_normalization(x, momentum: o.Momentum, epsilon: o.Epsilon, training: true, name: "bn",
                virtual_batch_size: o.DenseShape[0] / 4),
            (c, o) => new ModeReference.Ghost(c, o.Epsilon, Float32OfDifference(o.Momentum), o.DenseShape[0] / 4)),
        new("tf.layers.batch_normalization(renorm=True, rmax=1.5, rmin=0.75, dmax=1, renorm_momentum=0.8)", o => o.DenseShape, -1,
            (x, o) => tf.layers.batch_normalization(x, momentum: o.Momentum, epsilon: o.Epsilon, training: true, name: "bn",
                renorm: true, renorm_clipping: new Dictionary<string, object> { ["rmax"] = Clipping.Rmax!.Value, ["rmin"] = Clipping.Rmin!.Value, ["dmax"] = Clipping.Dmax!.Value },
                renorm_momentum: RenormMomentum),
            (c, o) => new ModeReference.Renormalized(c, o.Epsilon, Float32OfDifference(o.Momentum), Clipping, Float32OfDifference(RenormMomentum))),
    ];

    /// <summary>The mode descriptions, in run order, for the given options.</summary>
    public static IReadOnlyList<string> Names(CrossCheckOptions options) => All.Select(m => m.Describe(options)).ToList();
}
