using TfBnPort.Tensorflow.Gradients;

namespace TfBnPort.Tensorflow.Debugging;

/// <summary>
/// CheckNumerics ops, as TF 1.15's array_ops.check_numerics and numerics.add_check_numerics_ops
/// build them. The kernel passes its input through and fails the run with
/// "MESSAGE : Tensor had NaN values" (or Inf, or "Inf and NaN").
/// </summary>
public static class NumericsChecks
{
    /// <summary>The prefix array_grad._CheckNumericsGrad gives the gradient's own check.</summary>
    public const string GradientMessagePrefix = "Not a number (NaN) or infinity (Inf) values detected in gradient. ";

    // The gradient is registered on first use: no CheckNumerics op exists before one of these methods ran.
    static NumericsChecks() => RegisterGradient();

    /// <summary>
    /// Registers CheckNumerics' gradient: as array_grad.py in 1.15, the incoming gradient checked
    /// in turn (an identity on finite values). Idempotent; safe to call from elsewhere too.
    /// </summary>
    public static void RegisterGradient() =>
        GradientRegistry.Register("CheckNumerics", (op, grad) => new Tensor?[]
        {
            Check(grad[0]!, GradientMessagePrefix + op.Attr<string>("message"), name: null),
        });

    /// <summary>tf.debugging.check_numerics: <paramref name="tensor"/> unchanged, or a failed run naming <paramref name="message"/>.</summary>
    public static Tensor Check(Tensor tensor, string message, string? name)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!tensor.DType.BaseType().IsFloating())
            throw new TypeError($"check_numerics takes a float16, float32 or float64 tensor; '{tensor.Name}' is {tensor.DType.PyName()}.");
        return tensor.Graph.NewOperation("CheckNumerics", name ?? "CheckNumerics")
            .Input(tensor).Attr("message", message).Finish().Output(0);
    }

    /// <summary>
    /// tf.add_check_numerics_ops: one CheckNumerics per float output of every op now in
    /// <paramref name="graph"/>, each after the previous one (creation order, so producers are
    /// checked before consumers and a failed run names the first op that made a NaN or Inf),
    /// grouped into one op. Refuses graphs with tf.cond, as TF1 does.
    /// </summary>
    public static Operation AddForGraph(Graph graph)
    {
        using var _ = graph.as_default();
        var existing = graph.Operations.ToList(); // the checks added below are not themselves checked
        Operation[] previous = Array.Empty<Operation>();
        foreach (var op in existing)
        {
            foreach (var output in op.Outputs)
            {
                // float32_ref (a VariableV2) is not float32 here either: TF1 compares the dtypes exactly.
                if (output.DType is not (DType.Float or DType.Double or DType.Half)) continue;
                if (op.ControlFlowContext is not null)
                    throw new ValueError("`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow operations " +
                                         $"such as `tf.cond()` or `tf.while_loop()` ('{op.Name}' is inside one). " +
                                         "Put tf.debugging.check_numerics on the tensors to watch instead.");
                using (graph.ControlDependencies(previous))
                    previous = new[] { Check(output, output.Name, name: null).Op };
            }
        }
        return tf.group(previous);
    }
}
