using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CnnManualBn;

/// <summary>cnn-manual-bn served: eval's test graph (moving averages, is_training false) on an "images" input; keep_prob defaults to 1.</summary>
public static class CnnManualBnServing
{
    public static ServingGraph Build()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var images = tf.placeholder(tf.float32, new TensorShape(-1, 784), name: "images");
        var keep_prob = tf.placeholder_with_default(1.0f, TensorShape.Scalar, name: "keep_prob");
        var logits = CnnModel.cnnLayer(images, keep_prob, false, CnnVariables.Fresh());
        return new ServingGraph(graph, images, logits, tf.train.Saver());
    }
}
