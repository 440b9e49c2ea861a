using TfBnPort.Samples.CrossCheck;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>Issue 3's cross-check: every flavour against the float64 reference BN.</summary>
public class CrossCheckTests
{
    private static void AllPass(IReadOnlyList<CrossCheckRow> rows)
    {
        Assert.NotEmpty(rows);
        var failures = rows.Where(r => !r.Pass).Select(r => r.ToString()).ToList();
        Assert.True(failures.Count == 0, "Cross-check rows failing:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void EveryRowPassesAtSmallShapes() => AllPass(BatchNormCrossCheck.Run(CrossCheckOptions.Small));

    [Fact]
    public void EveryRowPassesAtTheIssueShapes() => AllPass(BatchNormCrossCheck.Run(CrossCheckOptions.Default));

    [Fact]
    public void EveryFlavourReportsForwardBackwardMovingStatsAndInference()
    {
        var rows = BatchNormCrossCheck.Run(CrossCheckOptions.Small);
        var flavours = FlavourCatalog.Names(CrossCheckOptions.Small);
        Assert.Equal(flavours.Concat(ModeCatalog.Names(CrossCheckOptions.Small)), rows.Select(r => r.Flavour).Distinct());
        foreach (var flavour in flavours)
        {
            var quantities = rows.Where(r => r.Flavour == flavour).Select(r => r.Quantity).ToList();
            foreach (var q in new[] { "y (training)", "dx (training)", "dbeta (training)", "moving_mean after 10 steps",
                         "moving_variance after 10 steps", "y (inference)", "dx (inference)", "dbeta (inference)" })
                Assert.Contains(q, quantities);
            Assert.Contains(quantities, q => q.StartsWith("moving stats after an inference run"));
            // contrib's default scale=False has no γ; every other flavour reports dγ too.
            Assert.Equal(!flavour.StartsWith("tf.contrib"), quantities.Contains("dgamma (training)"));
        }
    }

    [Fact]
    public void CoversEveryPathOfTheTableWithBothKindsOfFlag()
    {
        var names = FlavourCatalog.Names(CrossCheckOptions.Default);
        Assert.Contains("tf.layers.batch_normalization (fused) [32,14,14,64] training=placeholder_with_default", names);
        Assert.Contains("tf.layers.batch_normalization (fused) [32,14,14,64] training=bool", names);
        Assert.Contains("tf.layers.batch_normalization (non-fused) [64,300] training=placeholder_with_default", names);
        Assert.Contains("tf.layers.batch_normalization(fused=False) [32,14,14,64] training=bool", names);
        Assert.Contains("tf.contrib.layers.batch_norm [64,300] training=placeholder", names);
        Assert.Contains("tf.contrib.layers.batch_norm [32,14,14,64] training=bool", names);
        Assert.Contains("tf.contrib.layers.batch_norm(updates_collections=None) [64,300] training=placeholder", names);
        Assert.Contains("tf.contrib.layers.batch_norm(updates_collections=None) [32,14,14,64] training=bool", names);
        Assert.Contains("hand-written nn.moments + tf.assign (seed 001) [64,300] training=bool", names);
        Assert.Contains("hand-written nn.moments + tf.assign (seed 001) [32,14,14,64] training=bool", names);
        var modes = ModeCatalog.Names(CrossCheckOptions.Default);
        Assert.Contains("tf.layers.batch_normalization(axis=1) [64,300,5] training=bool", modes);
        Assert.Contains("tf.layers.batch_normalization(virtual_batch_size=N/4) [64,300] training=bool", modes);
        Assert.Contains("tf.layers.batch_normalization(renorm=True, rmax=1.5, rmin=0.75, dmax=1, renorm_momentum=0.8) [64,300] training=bool", modes);
    }

    [Fact]
    public void EveryKerasModeReportsItsTrainingOutputAndStatisticsAndPasses()
    {
        // Issue 18: axis=1, ghost batches and renorm against the reference's ChannelAxis, GhostBatch and Renorm
        // (those are tested on hand-derived values in Reference.ModeTests).
        var rows = BatchNormCrossCheck.Run(CrossCheckOptions.Small, "tf.layers.batch_normalization(");
        var modes = ModeCatalog.Names(CrossCheckOptions.Small);
        Assert.Equal(3, modes.Count);
        foreach (var mode in modes)
        {
            var quantities = rows.Where(r => r.Flavour == mode).Select(r => r.Quantity).ToList();
            var expected = new List<string> { "y (training)", "moving_mean after 10 steps", "moving_variance after 10 steps" };
            // renorm also keeps moving_stddev (moving_variance is derived from it) and the renorm mean/stddev r and d use.
            if (mode.Contains("renorm=True")) expected.AddRange(["moving_stddev after 10 steps", "renorm_mean after 10 steps", "renorm_stddev after 10 steps"]);
            Assert.Equal(expected, quantities);
        }
        AllPass(rows.Where(r => modes.Contains(r.Flavour)).ToList());
    }

    [Fact]
    public void FilterRunsOnlyTheMatchingFlavours()
    {
        var rows = BatchNormCrossCheck.Run(CrossCheckOptions.Small, "updates_collections=None");
        Assert.All(rows, r => Assert.Contains("updates_collections=None", r.Flavour));
        Assert.Equal(4, rows.Select(r => r.Flavour).Distinct().Count());
    }
}
