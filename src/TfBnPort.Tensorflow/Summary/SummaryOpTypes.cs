namespace TfBnPort.Tensorflow.Summary;

/// <summary>The ops whose scalar string output is a serialized Summary proto.</summary>
public static class SummaryOpTypes
{
    private static readonly HashSet<string> Types =
        ["ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummary", "AudioSummaryV2", "TensorSummary", "TensorSummaryV2", "MergeSummary"];

    public static bool IsSummary(string opType) => Types.Contains(opType);
}
