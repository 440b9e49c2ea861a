namespace TfBnPort.Samples.GeronDnn;

/// <summary>geron-dnn served: eval's graph as it is (X already takes pixels scaled to [0, 1]; training defaults to false).</summary>
public static class GeronDnnServing
{
    public static ServingGraph Build()
    {
        var g = GeronDnnGraph.Build(seed: null, withTraining: false);
        return new ServingGraph(g.Graph, g.X, g.logits, g.saver);
    }
}
