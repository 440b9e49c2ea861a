using TfBnPort.Tensorflow;
using static TfBnPort.Samples.CnnManualBn.CnnModel;

namespace TfBnPort.Samples.CnnManualBn;

/// <summary>Seed 001's <c>graph_cnn</c>: placeholders, the training-mode cnnLayer, clipped cross-entropy, Adam, accuracy, Saver.</summary>
public sealed class CnnManualBnGraph
{
    public required Graph graph_cnn { get; init; }
    public required Tensor x { get; init; }
    public required Tensor y_ { get; init; }
    public required Tensor keep_prob { get; init; }
    public required Tensor cross_entropy { get; init; }
    public required Operation train_step { get; init; }
    public required Tensor correct_prediction { get; init; }
    public required Tensor accuracy { get; init; }
    public required Saver saver { get; init; }

    /// <summary>The training call's variables (what the intended test graph shares).</summary>
    public required CnnVariables trainVariables { get; init; }

    /// <summary>The training model's two BN layers (hidden1, hidden2), for the TensorBoard histograms.</summary>
    public required IReadOnlyList<BnLayerTensors> BnLayers { get; init; }

    public static CnnManualBnGraph Build(int? seed)
    {
        var graph_cnn = new Graph();
        using var g = graph_cnn.as_default();
        if (seed is { } s) tf.set_random_seed(s); // the document sets no seed
        // Create input placeholders
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 784));
        var y_ = tf.placeholder(tf.float32, new TensorShape(-1, 10));
        // Define ropout probability placholder
        var keep_prob = tf.placeholder(tf.float32);
        var trainVariables = CnnVariables.Fresh();
        var bnLayers = new List<BnLayerTensors>();
        var y = cnnLayer(x, keep_prob, true, trainVariables, bnLayers);
        // Clip value in order to make it within(0, 1)
        y = tf.clip_by_value(y, 1e-10, 1.0);
        // Define cross-entropy as loss function
        var cross_entropy = -tf.reduce_sum(y_ * tf.log(y));
        // Adam Optimizer
        var train_step = tf.train.AdamOptimizer(0.0005).minimize(cross_entropy);
        // Define accuracy
        var correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1));
        var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
        // Record the session
        var saver = tf.train.Saver();
        return new CnnManualBnGraph
        {
            graph_cnn = graph_cnn, x = x, y_ = y_, keep_prob = keep_prob, cross_entropy = cross_entropy, train_step = train_step,
            correct_prediction = correct_prediction, accuracy = accuracy, saver = saver, trainVariables = trainVariables,
            BnLayers = bnLayers,
        };
    }

    /// <summary>
    /// `with graph_cnn.as_default() as g: y = cnnLayer(x, keep_prob, False)`: the test-mode model,
    /// on fresh variables (as written) or on <see cref="trainVariables"/> shared (as intended).
    /// </summary>
    public Tensor TestModel(bool shareTrainedVariables)
    {
        using var g = graph_cnn.as_default();
        return cnnLayer(x, keep_prob, false, shareTrainedVariables ? trainVariables.Share() : CnnVariables.Fresh());
    }

    /// <summary>correct_prediction for another output than the training graph's (added for the reports).</summary>
    public Tensor CorrectPrediction(Tensor y)
    {
        using var g = graph_cnn.as_default();
        return tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1));
    }
}
