using TfBnPort.Tensorflow;
using static TfBnPort.Samples.ContribMlp.ContribMlpModel;

namespace TfBnPort.Samples.ContribMlp;

/// <summary>
/// contrib-mlp served: the test branch eval builds, on an "images" input in [0, 1]. The document trained
/// on raw pixel values (0–255, never rescaled), so the graph multiplies by 255 and rounds back to the
/// integers it saw; dropout's keep_prob defaults to 1.
/// </summary>
public static class ContribMlpServing
{
    public static ServingGraph Build()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var images = tf.placeholder(tf.float32, shape: new TensorShape(-1, num_features), name: "images");
        var pixels = tf.floor(images * 255.0 + 0.5, name: "pixels");
        var layers = Layers();
        foreach (var layer in layers)
            initialize(layer.scope, layer.shape, layer.initializer);
        var keep_prob = tf.placeholder_with_default(1.0f, TensorShape.Scalar, name: "keep_prob");
        var logits = model(pixels, layers.Select(l => l.scope).ToArray(), false, keep_prob);
        return new ServingGraph(graph, images, logits, tf.train.Saver());
    }
}
