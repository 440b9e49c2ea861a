namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.raw_ops: the generated op wrappers of gen_*_ops.py, one op each, TF's op and argument names.</summary>
    public static partial class raw_ops
    {
        /// <summary>
        /// BatchNormWithGlobalNormalization (gen_nn_ops._batch_norm_with_global_normalization): the
        /// original batch-norm kernel, (t − m)·rsqrt(v + ε)·(γ if scale_after_normalization) + β.
        /// Deprecated at GraphDef version 9: the graph's producer version must be 8 or lower to run it
        /// (Python's tests call test_util.set_producer_version(graph, 8)).
        /// </summary>
        public static Tensor BatchNormWithGlobalNormalization(Tensor t, Tensor m, Tensor v, Tensor beta, Tensor gamma,
            double variance_epsilon, bool scale_after_normalization, string? name = null) =>
            t.Graph.NewOperation("BatchNormWithGlobalNormalization", name ?? "BatchNormWithGlobalNormalization")
                .Input(t).Input(m).Input(v).Input(beta).Input(gamma)
                .Attr("variance_epsilon", (float)variance_epsilon).Attr("scale_after_normalization", scale_after_normalization)
                .Finish().Output(0);

        /// <summary>
        /// BatchNormWithGlobalNormalizationGrad (gen_nn_ops.batch_norm_with_global_normalization_grad):
        /// (dx, dm, dv, db, dg) of the op above for the backprop <paramref name="backprop"/>; deprecated at version 9 too.
        /// </summary>
        public static (Tensor dx, Tensor dm, Tensor dv, Tensor db, Tensor dg) BatchNormWithGlobalNormalizationGrad(Tensor t, Tensor m, Tensor v,
            Tensor gamma, Tensor backprop, double variance_epsilon, bool scale_after_normalization, string? name = null)
        {
            var op = t.Graph.NewOperation("BatchNormWithGlobalNormalizationGrad", name ?? "BatchNormWithGlobalNormalizationGrad")
                .Input(t).Input(m).Input(v).Input(gamma).Input(backprop)
                .Attr("variance_epsilon", (float)variance_epsilon).Attr("scale_after_normalization", scale_after_normalization)
                .Finish();
            return (op.Output(0), op.Output(1), op.Output(2), op.Output(3), op.Output(4));
        }
    }
}
