namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// Issue 3's cross-check: every batch-norm flavour the seeds use (tf.layers fused and non-fused,
/// contrib's paths, the hand-written moments + assign), built on random batches with the real
/// tf.cond of a training placeholder and with static bools, compared with the float64 reference
/// BN: forward in training and inference mode, dx/dγ/dβ of Σ w⊙y, the moving statistics after
/// N steps, and that an inference run moves nothing. Then (issue 18) the keras modes of
/// <see cref="ModeCatalog"/> — a channel axis other than the last, ghost batches, batch renorm — in
/// training mode: y each step and the moving (and renorm) statistics after the steps.
/// </summary>
public static class BatchNormCrossCheck
{
    /// <summary>Runs every flavour and returns one row per compared quantity.</summary>
    public static IReadOnlyList<CrossCheckRow> Run(CrossCheckOptions? options = null) => Run(options ?? CrossCheckOptions.Default, "");

    /// <summary>Runs the flavours and modes whose description (<see cref="FlavourCatalog.Names"/>, <see cref="ModeCatalog.Names"/>) contains <paramref name="filter"/>, case-insensitively.</summary>
    public static IReadOnlyList<CrossCheckRow> Run(CrossCheckOptions options, string filter)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = new Dictionary<int, CheckData>();
        var rows = new List<CrossCheckRow>();
        foreach (var flavour in FlavourCatalog.All)
        {
            var shape = flavour.Rank == 2 ? options.DenseShape : options.ConvShape;
            if (!flavour.Describe(shape).Contains(filter ?? "", StringComparison.OrdinalIgnoreCase)) continue;
            if (!data.TryGetValue(flavour.Rank, out var d)) data[flavour.Rank] = d = new CheckData(shape, options);
            rows.AddRange(new CaseRunner(flavour, d, options).Run());
        }
        // Issue 18: the keras modes (any axis, ghost batches, renorm), after the seeds' flavours.
        for (var i = 0; i < ModeCatalog.All.Count; i++)
        {
            var mode = ModeCatalog.All[i];
            if (mode.Describe(options).Contains(filter ?? "", StringComparison.OrdinalIgnoreCase))
                rows.AddRange(new ModeRunner(mode, i, options).Run());
        }
        return rows;
    }
}
