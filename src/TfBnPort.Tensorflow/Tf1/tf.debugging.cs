using TfBnPort.Tensorflow.Debugging;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.check_numerics (TF1's alias of tf.debugging.check_numerics).</summary>
    public static Tensor check_numerics(object tensor, string message, string? name = null) =>
        debugging.check_numerics(tensor, message, name);

    /// <summary>
    /// tf.add_check_numerics_ops(): checks every float tensor now in the default graph; run the
    /// returned op with the training step to stop at the first op producing NaN or Inf (its
    /// "op:index" name starts TensorFlow's message). Opt-in: it runs every checked op, so slower.
    /// </summary>
    public static Operation add_check_numerics_ops() => NumericsChecks.AddForGraph(get_default_graph());

    /// <summary>tf.debugging: opt-in numeric checks.</summary>
    public static class debugging
    {
        /// <summary>
        /// <paramref name="tensor"/> unchanged; a run that computes it fails with a TensorflowException
        /// (InvalidArgument) "MESSAGE : Tensor had NaN values" (or Inf) when it holds any.
        /// </summary>
        public static Tensor check_numerics(object tensor, string message, string? name = null) =>
            NumericsChecks.Check(OpHelper.ToTensor(tensor), message, name);
    }
}
