namespace TfBnPort.Samples.ContribMlp;

/// <summary>The paragraph that tells the user why the two variants of seed 000 score differently.</summary>
internal static class ContribMlpExplanation
{
    public static string Write(SampleResult result)
    {
        string Acc(string variant, string split) =>
            result.Accuracies.FirstOrDefault(a => a.Variant == variant && a.Split == split) is { } a ? PyFormat.F(a.Value * 100, 2) + "%" : "n/a";
        var w = ContribMlpSample.AsWritten;
        var i = ContribMlpSample.AsIntended;
        return
            "As written, the optimizer is built without tf.control_dependencies on tf.GraphKeys.UPDATE_OPS and sess.run never " +
            "fetches them, so the moving_mean and moving_variance that batch_norm keeps for inference stay at their initial 0 and 1 " +
            "(the binding's UPDATE_OPS check warns about it at the first training step). Training does not notice: with " +
            "is_training=True each batch is normalized with its own statistics. But the validation and test graphs " +
            "(is_training=False) then \"normalize\" with mean 0 and variance 1, i.e. not at all, so every layer passes on " +
            "pre-activations with the scale and offset the batch statistics removed during training (the raw 0-255 pixels make " +
            "them large) and the ReLUs and softmax see inputs unlike any they were trained on. As intended, each training step " +
            "first runs the update ops, the moving averages follow the batches (decay 0.9), and inference normalizes as training did. " +
            $"Validation accuracy: as written {Acc(w, "validation")}, as intended {Acc(i, "validation")}; " +
            $"test accuracy: as written {Acc(w, "test")}, as intended {Acc(i, "test")}.";
    }
}
