namespace TfBnPort.Samples.BnVsNoBn;

/// <summary>What seed 003's comparison shows, with the numbers of the run.</summary>
internal static class BnVsNoBnExplanation
{
    public static string Write(SampleResult result, int steps)
    {
        string Acc(string network) =>
            result.Accuracies.FirstOrDefault(a => a.Variant == network && a.Split == "test") is { } a ? PyFormat.F(a.Value, 4) : "n/a";
        return
            $"After {steps} steps of batch 100 the network with batch normalization reaches test accuracy {Acc(BnVsNoBnSample.Bn)}, " +
            $"the one without {Acc(BnVsNoBnSample.NoBn)}. The comparison is the notebook's, learning rates included: 0.01 with BN, " +
            "0.00001 without (its comment 'было 0.01' says it was lowered from 0.01), and at that rate the plain network barely moves. " +
            "As written, the BN layer has no moving averages: it always normalizes with the statistics of the batch it is given, " +
            "also when the accuracy is measured on the whole training or test set at once.";
    }
}
