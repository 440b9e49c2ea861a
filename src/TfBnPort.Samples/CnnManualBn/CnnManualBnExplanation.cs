namespace TfBnPort.Samples.CnnManualBn;

/// <summary>The paragraph that tells the user what seed 001's test numbers mean.</summary>
internal static class CnnManualBnExplanation
{
    public static string Write(double written, double fresh, double intended) =>
        "The document builds its test graph by calling cnnLayer(x, keep_prob, False) again. cnnLayer makes its parameters with " +
        "tf.Variable, so that call creates a second, freshly initialized set (hidden1_1/weights, ...) with moving averages of 0 and 1, " +
        "and the Saver, created before it, restores only the training variables: that test graph would score " +
        $"{PyFormat.F(fresh * 100, 2)}%, about chance. Yet the document never runs it: correct_prediction was built from the training " +
        "graph's y, and rebinding the Python name y does not change it. So the printed 'Testing Accuracy' " +
        $"({PyFormat.F(written * 100, 2)}%) comes from the trained weights in training mode: each test batch of 50 is normalized " +
        "with its own mean and variance (and the moving-average assigns run as a side effect). As intended, the test graph shares " +
        "the trained variables and normalizes with the moving averages accumulated during training: " +
        $"{PyFormat.F(intended * 100, 2)}%. The as-written figure is close only because 50 shuffled test digits have statistics " +
        "close to the population's; with single examples or unshuffled batches it would not be.";
}
