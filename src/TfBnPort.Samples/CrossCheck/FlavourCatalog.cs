using TfBnPort.Reference;
using static TfBnPort.Samples.CrossCheck.BnFlavour;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>Every flavour the cross-check runs (DESIGN.md's cross-check table, with each way of giving the flag).</summary>
public static class FlavourCatalog
{
    internal static IReadOnlyList<BnFlavour> All { get; } = Build();

    /// <summary>The flavour descriptions, in run order, for a given pair of shapes.</summary>
    public static IReadOnlyList<string> Names(CrossCheckOptions options) =>
        All.Select(f => f.Describe(f.Rank == 2 ? options.DenseShape : options.ConvShape)).ToList();

    private static List<BnFlavour> Build()
    {
        var list = new List<BnFlavour>();
        void Both(string api, int rank, TrainingFlag tensorFlag, BuildLayer build, MovingStatsFlavour moving, Func<double, double> decay)
        {
            list.Add(new BnFlavour(api, rank, tensorFlag, build, moving, decay));
            list.Add(new BnFlavour(api, rank, TrainingFlag.Static, build, moving, decay));
        }

        Both("tf.layers.batch_normalization (fused)", 4, TrainingFlag.PlaceholderWithDefault,
            LayerBuilders.Layers(fused: null), MovingStatsFlavour.LayersFused, Float32Subtraction);
        Both("tf.layers.batch_normalization (non-fused)", 2, TrainingFlag.PlaceholderWithDefault,
            LayerBuilders.Layers(fused: null), MovingStatsFlavour.LayersNonFused, Float32OfDifference);
        Both("tf.layers.batch_normalization(fused=False)", 4, TrainingFlag.PlaceholderWithDefault,
            LayerBuilders.Layers(fused: false), MovingStatsFlavour.LayersNonFused, Float32OfDifference);
        // contrib rank 2: its own fused path; rank 4 with the default UPDATE_OPS: the core (keras) fused layer.
        Both("tf.contrib.layers.batch_norm", 2, TrainingFlag.Placeholder,
            LayerBuilders.Contrib(forceUpdates: false), MovingStatsFlavour.ContribFused, Float32OfDifference);
        Both("tf.contrib.layers.batch_norm", 4, TrainingFlag.Placeholder,
            LayerBuilders.Contrib(forceUpdates: false), MovingStatsFlavour.LayersFused, Float32Subtraction);
        Both("tf.contrib.layers.batch_norm(updates_collections=None)", 2, TrainingFlag.Placeholder,
            LayerBuilders.Contrib(forceUpdates: true), MovingStatsFlavour.ContribFused, Float32OfDifference);
        Both("tf.contrib.layers.batch_norm(updates_collections=None)", 4, TrainingFlag.Placeholder,
            LayerBuilders.Contrib(forceUpdates: true), MovingStatsFlavour.ContribFused, Float32OfDifference);
        foreach (var rank in new[] { 2, 4 })
            list.Add(new BnFlavour("hand-written nn.moments + tf.assign (seed 001)", rank, TrainingFlag.Static,
                LayerBuilders.HandWritten(), MovingStatsFlavour.HandWrittenAssign, Nominal));
        return list;
    }
}
