namespace TfBnPort.Samples;

/// <summary>Each sample's <see cref="ServingGraph"/>; the checkpoint's file name picks bn-vs-nobn's network.</summary>
public static class ServingGraphs
{
    public static ServingGraph Build(string sample, string checkpointPrefix) => SampleCatalog.Find(sample).Name switch
    {
        GeronDnn.GeronDnnSample.SampleName => GeronDnn.GeronDnnServing.Build(),
        ContribMlp.ContribMlpSample.SampleName => ContribMlp.ContribMlpServing.Build(),
        CnnManualBn.CnnManualBnSample.SampleName => CnnManualBn.CnnManualBnServing.Build(),
        BnVsNoBn.BnVsNoBnSample.SampleName => BnVsNoBn.BnVsNoBnServing.Build(checkpointPrefix),
        var other => throw new SampleException($"Sample '{other}' has no serving graph."),
    };
}
