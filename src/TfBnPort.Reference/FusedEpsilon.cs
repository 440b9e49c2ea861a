namespace TfBnPort.Reference;

/// <summary>
/// TF 1.15's <c>tf.nn.fused_batch_norm</c> (python/ops/nn_impl.py) raises ε to at least 1.001e-5
/// (a cuDNN requirement) before calling the kernel, for every fused call: the fused paths of
/// tf.layers / keras and of tf.contrib.layers.batch_norm. The non-fused paths use ε as given.
/// </summary>
public static class FusedEpsilon
{
    /// <summary>The smallest ε a fused call passes to the kernel.</summary>
    public const double Minimum = 1.001e-5;

    /// <summary><c>epsilon if epsilon &gt; 1.001e-5 else 1.001e-5</c>.</summary>
    public static double Floor(double epsilon) => epsilon > Minimum ? epsilon : Minimum;
}
