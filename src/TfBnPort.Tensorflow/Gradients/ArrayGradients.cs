namespace TfBnPort.Tensorflow.Gradients;

/// <summary>Gradients of array ops (array_grad.py).</summary>
internal static class ArrayGradients
{
    public static void Register()
    {
        GradientRegistry.Register("Identity", (op, g) => new[] { g[0] });
        GradientRegistry.Register("StopGradient", (op, g) => new Tensor?[] { null });
        GradientRegistry.Register("PreventGradient", (op, g) =>
            throw new LookupError($"Gradient explicitly disabled for {op.Name}."));
        GradientRegistry.Register("Reshape", (op, g) => new Tensor?[] { tf.reshape(g[0]!, tf.shape(op.Inputs[0], name: "Shape"), name: "Reshape"), null });
        GradientRegistry.Register("Squeeze", (op, g) => new Tensor?[] { tf.reshape(g[0]!, tf.shape(op.Inputs[0], name: "Shape"), name: "Reshape") });
        GradientRegistry.Register("ExpandDims", (op, g) => new Tensor?[] { tf.reshape(g[0]!, tf.shape(op.Inputs[0], name: "Shape"), name: "Reshape"), null });
        GradientRegistry.Register("Fill", (op, g) => new Tensor?[] { null, tf.reduce_sum(g[0]!, name: "Sum") });
        GradientRegistry.Register("Transpose", (op, g) =>
        {
            var perm = OpHelper.ConstantInts(op.Inputs[1]) ?? throw new NotSupportedException("Transpose gradient needs a constant perm.");
            var inverse = new int[perm.Length];
            for (var i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
            return new Tensor?[] { tf.transpose(g[0]!, inverse, name: "transpose"), null };
        });
        GradientRegistry.Register("Pack", (op, g) =>
        {
            var axis = op.Attr<int>("axis");
            var n = op.Inputs.Count;
            var unpack = g[0]!.Graph.NewOperation("Unpack", "unstack").Input(g[0]!).Attr("num", n).Attr("axis", axis).Finish();
            return unpack.Outputs.Select(t => (Tensor?)t).ToArray();
        });
    }
}
