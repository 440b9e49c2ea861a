using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>
/// A sample's inference graph as `export` serves it: <see cref="Images"/> takes MNIST digits as
/// [N, 784] float32 in [0, 1] whatever the sample trained on; <see cref="Logits"/> is its [N, 10]
/// output; <see cref="Saver"/> restores the sample's checkpoint into it (same variable names).
/// </summary>
public sealed record ServingGraph(Graph Graph, Tensor Images, Tensor Logits, Saver Saver);
