namespace TfBnPort.Tensorflow.Gradients;

/// <summary>
/// nn_grad._BatchNormGrad (TF 1.15): the first-order fused batch-norm gradient written with ordinary
/// ops, so that it can itself be differentiated (the second-order gradient of FusedBatchNormGradV3).
/// float16 inputs are computed in float32 and dx cast back.
/// </summary>
public static class BatchNormGradMath
{
    /// <returns>(dx, dscale, doffset) for <paramref name="grad_y"/> flowing into y = BN(x).</returns>
    public static (Tensor GradX, Tensor GradScale, Tensor GradOffset) BatchNormGrad(Tensor grad_y, Tensor x, Tensor scale,
        Tensor? pop_mean, Tensor? pop_var, double epsilon, string data_format, bool is_training = true)
    {
        using var _ = x.Graph.as_default();
        var xDType = x.DType.BaseType();
        if (xDType == DType.Half)
        {
            x = tf.cast(x, DType.Float);
            grad_y = tf.cast(grad_y, DType.Float);
        }
        var nhwc = data_format == "NHWC";
        var reduceAxis = nhwc ? new[] { 0, 1, 2 } : new[] { 0, 2, 3 };
        if (is_training)
        {
            var keepdims = !nhwc;
            if (!nhwc) scale = tf.reshape(scale, tf.stack(new object[] { 1, tf.size(scale), 1, 1 }));
            var meanGradY = tf.reduce_mean(grad_y, reduceAxis, keepdims: keepdims);
            var meanX = tf.reduce_mean(x, reduceAxis, keepdims: keepdims);
            var varX = tf.reduce_mean(tf.squared_difference(x, tf.stop_gradient(meanX)), reduceAxis, keepdims: keepdims);
            var gradYOffset = grad_y - meanGradY;
            var xOffset = x - meanX;
            var mean = tf.reduce_mean(grad_y * xOffset, reduceAxis, keepdims: keepdims);
            var gradX = scale * tf.rsqrt(varX + epsilon) * (gradYOffset - tf.reciprocal(varX + epsilon) * mean * xOffset);
            var gradScale = tf.rsqrt(varX + epsilon) * tf.reduce_sum(grad_y * xOffset, reduceAxis, keepdims: keepdims);
            if (!nhwc) gradScale = tf.squeeze(gradScale);
            var gradOffset = tf.reduce_sum(grad_y, reduceAxis);
            return (tf.cast(gradX, xDType), gradScale, gradOffset);
        }
        if (pop_mean is null || pop_var is null)
            throw new ValueError("_BatchNormGrad in inference mode (is_training=False) needs pop_mean and pop_var.");
        if (!nhwc)
        {
            var shape = tf.stack(new object[] { 1, tf.size(pop_mean), 1, 1 });
            pop_mean = tf.reshape(pop_mean, shape);
            pop_var = tf.reshape(pop_var, shape);
            scale = tf.reshape(scale, shape);
        }
        var offsetGrad = tf.reduce_sum(grad_y, reduceAxis);
        var varRsqrt = tf.rsqrt(pop_var + epsilon);
        var scaleGrad = tf.reduce_sum(grad_y * (x - pop_mean) * varRsqrt, reduceAxis);
        var xGrad = grad_y * scale * varRsqrt;
        return (tf.cast(xGrad, xDType), scaleGrad, offsetGrad);
    }
}
