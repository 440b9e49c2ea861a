using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// The graph of one flavour's check: input x, loss weights w, the training flag, the layer, and the
/// backward pass of L = Σ w⊙y for the training and the inference output.
/// </summary>
internal sealed class CaseGraph : IDisposable
{
    public CaseGraph(BnFlavour flavour, int[] shape, CrossCheckOptions options)
    {
        Graph = new Graph();
        using var _ = Graph.as_default();
        X = tf.placeholder(tf.float32, new TensorShape(shape), name: "x");
        W = tf.placeholder(tf.float32, new TensorShape(shape), name: "w");
        Flag = flavour.Flag switch
        {
            TrainingFlag.Placeholder => tf.placeholder(tf.@bool, TensorShape.Scalar, name: "training"),
            TrainingFlag.PlaceholderWithDefault => tf.placeholder_with_default(false, TensorShape.Scalar, name: "training"),
            _ => null,
        };
        Layer = flavour.Build(X, Flag, options.Momentum, options.Epsilon);
        Training = Backprop(Layer.TrainingOutput);
        Inference = ReferenceEquals(Layer.InferenceOutput, Layer.TrainingOutput) ? Training : Backprop(Layer.InferenceOutput);
        // UPDATE_OPS holds Operations (tf.layers) or Tensors (contrib): run them as targets either way.
        Updates = Graph.GetCollection(GraphKeys.UPDATE_OPS).Select(u => u as Operation ?? ((Tensor)u).Op).ToList();
        Init = tf.global_variables_initializer();
    }

    public Graph Graph { get; }
    public Tensor X { get; }
    public Tensor W { get; }
    public Tensor? Flag { get; }
    public BnLayer Layer { get; }

    /// <summary>[y, dx, dβ, dγ?] for the training output.</summary>
    public Tensor[] Training { get; }

    /// <summary>[y, dx, dβ, dγ?] for the inference output.</summary>
    public Tensor[] Inference { get; }

    public IReadOnlyList<Operation> Updates { get; }
    public Operation Init { get; }

    /// <summary>y, then tf.gradients of Σ w⊙y for x, β and (if any) γ.</summary>
    private Tensor[] Backprop(Tensor y)
    {
        var loss = tf.reduce_sum(tf.multiply(W, y));
        var xs = new List<object> { X, Layer.Beta };
        if (Layer.Gamma is not null) xs.Add(Layer.Gamma);
        var grads = tf.gradients(loss, xs);
        return new[] { y }.Concat(grads.Select((g, i) => g ?? throw new InvalidOperationException($"No gradient for input {i} of {y.Name}."))).ToArray();
    }

    public void Dispose() => Graph.Dispose();
}
