using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CnnManualBn;

/// <summary>The test-mode graph eval restores a cnn-manual-bn checkpoint into: placeholders x, y_, keep_prob; per-digit correctness; a Saver.</summary>
public sealed record CnnEvalGraph(Graph Graph, Tensor x, Tensor y_, Tensor keep_prob, Tensor correct, Saver saver)
{
    public static CnnEvalGraph Build()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 784));
        var y_ = tf.placeholder(tf.float32, new TensorShape(-1, 10));
        var keep_prob = tf.placeholder(tf.float32);
        var y = CnnModel.cnnLayer(x, keep_prob, false, CnnVariables.Fresh());
        var correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1));
        return new CnnEvalGraph(graph, x, y_, keep_prob, correct, tf.train.Saver());
    }
}
