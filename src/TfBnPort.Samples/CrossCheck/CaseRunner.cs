using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// Runs one flavour on its <see cref="CheckData"/>: set γ and β, <see cref="CrossCheckOptions.Steps"/>
/// training steps (forward, backward and the flavour's updates each step), read the moving
/// statistics, then one inference run (with the UPDATE_OPS too when the flag is a tensor: they
/// must move nothing), each compared with the float64 reference BN.
/// </summary>
internal sealed class CaseRunner(BnFlavour flavour, CheckData data, CrossCheckOptions options)
{
    private static readonly string[] Quantities = { "y", "dx", "dbeta", "dgamma" };

    public List<CrossCheckRow> Run()
    {
        var name = flavour.Describe(data.Shape);
        // Fused calls floor ε at 1.001e-5 (nn.fused_batch_norm); the fused paths are the Bessel-fed ones.
        var epsilon = flavour.Moving.Variance == VarianceFed.BesselCorrected ? FusedEpsilon.Floor(options.Epsilon) : options.Epsilon;
        var overRows = Comparison.OverRows(data.Rows, data.Conditioning);

        using var g = new CaseGraph(flavour, data.Shape, options);
        var hasGamma = g.Layer.Gamma is not null;
        using var sess = new Session(g.Graph);
        sess.run(g.Init);
        sess.run(AssignParameters(g));

        // Training steps: each step's forward and backward against the reference; the worst step is reported.
        var perStep = new List<CrossCheckRow>();
        for (var step = 0; step < data.Training.Count; step++)
        {
            var values = Run(sess, g, g.Training, g.Updates, data.Training[step], training: true);
            var expected = data.TrainingReference(step, hasGamma, epsilon).InFetchOrder;
            perStep.AddRange(Compare(name, "training", values, expected, _ => overRows));
        }
        var rows = perStep.GroupBy(r => r.Quantity).Select(grp => Comparison.Worst(grp.ToList())).ToList();

        var (mean, variance) = ReadMoving(sess, g);
        var moving = MovingStats.After(flavour.Moving, flavour.TfDecay(options.Momentum), data.Training.Select((_, i) => data.Batch(i)));
        var tolerance = Comparison.MovingStats(data.Training.Count);
        rows.Add(Comparison.Row(name, $"moving_mean after {data.Training.Count} steps", mean, moving.Mean, tolerance));
        rows.Add(Comparison.Row(name, $"moving_variance after {data.Training.Count} steps", variance, moving.Variance, tolerance));

        // Inference: normalizes with the moving statistics TF holds; with a flag tensor the update ops run too and must move nothing.
        var inferenceTargets = g.Flag is null ? Array.Empty<Operation>() : g.Updates;
        var inference = Run(sess, g, g.Inference, inferenceTargets, data.Inference, training: false);
        var (meanAfter, varianceAfter) = ReadMoving(sess, g);
        rows.Add(Comparison.Row(name, g.Flag is null ? "moving stats after an inference run" : "moving stats after an inference run of UPDATE_OPS",
            meanAfter.Concat(varianceAfter).ToArray(), CheckData.Widen(mean.Concat(variance).ToArray()), 0.0));
        var forwardInf = BatchNormReference.ForwardInference(data.Batch(-1), CheckData.Widen(mean), CheckData.Widen(variance),
            hasGamma ? CheckData.Widen(data.Gamma) : null, CheckData.Widen(data.Beta), epsilon);
        var backwardInf = BatchNormReference.Backward(data.WDouble, forwardInf);
        // Inference y and dx are element-wise; dβ and dγ are still sums over the rows.
        var expectedInf = new[] { forwardInf.Output.ToArray(), backwardInf.Dx.ToArray(), backwardInf.DBeta, backwardInf.DGamma };
        rows.AddRange(Compare(name, "inference", inference, expectedInf, q => q >= 2 ? overRows : Comparison.Relative));
        return rows;
    }

    private Operation AssignParameters(CaseGraph g)
    {
        using var _ = g.Graph.as_default();
        var assigns = new List<object> { tf.assign(g.Layer.Beta, data.Beta) };
        if (g.Layer.Gamma is not null) assigns.Add(tf.assign(g.Layer.Gamma, data.Gamma));
        return tf.group(assigns);
    }

    /// <summary>Rows for the fetched [y, dx, dβ, dγ?] against the expected values in the same order.</summary>
    private static IEnumerable<CrossCheckRow> Compare(string name, string mode, float[][] values, double[][] expected, Func<int, double> tolerance)
    {
        for (var i = 0; i < values.Length; i++)
            yield return Comparison.Row(name, $"{Quantities[i]} ({mode})", values[i], expected[i], tolerance(i));
    }

    private float[][] Run(Session sess, CaseGraph g, Tensor[] fetches, IReadOnlyList<Operation> targets, float[] x, bool training)
    {
        var feed = new FeedDict { { g.X, data.Feed(x) }, { g.W, data.WValue } };
        if (g.Flag is not null) feed.Add(g.Flag, training);
        return sess.RunValues(fetches, targets, feed).Select(v => v.ToArray<float>()).ToArray();
    }

    private static (float[] Mean, float[] Variance) ReadMoving(Session sess, CaseGraph g)
    {
        var values = sess.RunValues(new[] { g.Layer.MovingMean.Snapshot, g.Layer.MovingVariance.Snapshot }, Array.Empty<Operation>());
        return (values[0].ToArray<float>(), values[1].ToArray<float>());
    }
}
