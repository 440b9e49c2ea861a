namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.layers: the functional layers of TF 1.x (dense, batch_normalization).</summary>
    public static partial class layers
    {
        /// <summary>
        /// tf.layers.dense: variables "kernel" [in, units] and "bias" [units] in a variable scope named
        /// <paramref name="name"/> (default "dense", made unique: dense_1...), ops MatMul, BiasAdd, activation.
        /// </summary>
        public static Tensor dense(Tensor inputs, int units, Func<Tensor, string?, Tensor>? activation = null, bool use_bias = true,
            IInitializer? kernel_initializer = null, IInitializer? bias_initializer = null, bool trainable = true,
            string? name = null, bool? reuse = null)
        {
            var graph = inputs.Graph;
            using var _ = graph.as_default();
            var inputShape = inputs.Shape;
            if (!inputShape.IsKnownRank || inputShape[-1] < 0)
                throw new ValueError($"The last dimension of the inputs to `Dense` should be defined. Found `None` ({inputs.Name}, shape {inputShape}).");
            var inDim = (int)inputShape[-1];
            using var scope = LayerScope.Enter(name, "dense", reuse);
            var kernel = get_variable("kernel", new[] { inDim, units }, inputs.DType.BaseType(), kernel_initializer, trainable);
            var bias = use_bias ? get_variable("bias", new[] { units }, inputs.DType.BaseType(), bias_initializer ?? zeros_initializer(), trainable) : null;
            if (inputShape.Rank != 2)
                throw new NotSupportedException($"tf.layers.dense on rank-{inputShape.Rank} inputs is not ported (the seeds use rank 2).");
            var outputs = matmul(inputs, kernel, name: "MatMul");
            if (bias is not null) outputs = nn.bias_add(outputs, bias, name: "BiasAdd");
            if (activation is not null) outputs = activation(outputs, null);
            return outputs;
        }
    }
}

/// <summary>
/// How tf.layers name things: variables under variable_scope(None, default_name=base) (unique among
/// variable scopes: dense, dense_1...), ops under the name scope opened with it; with reuse, the
/// scope is re-entered by its exact name.
/// </summary>
internal static class LayerScope
{
    public static VariableScopeContext Enter(string? name, string defaultName, bool? reuse) =>
        reuse == true
            ? tf.variable_scope(name ?? defaultName, reuse: true)
            : tf.variable_scope_default(name ?? defaultName, reuse);
}
