namespace TfBnPort.Samples.BnVsNoBn;

/// <summary>
/// bn-vs-nobn served: eval's graph; x takes pixels in [0, 1]. A checkpoint trained one network
/// (no_bn.ckpt or bn.ckpt): its logits are the output (the BN one unless the name says no_bn). The BN
/// network normalizes with the statistics of the batch it is given, as the notebook evaluates it.
/// </summary>
public static class BnVsNoBnServing
{
    public static ServingGraph Build(string checkpointPrefix)
    {
        var g = BnVsNoBnGraph.Build(seed: null, withTraining: false);
        var noBn = Path.GetFileName(checkpointPrefix).StartsWith(BnVsNoBnSample.NoBn, StringComparison.Ordinal);
        return new ServingGraph(g.graph, g.x, noBn ? g.y_logit : g.y_logit_bn, g.saver);
    }
}
