using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

/// <summary>Every op the four samples differentiate: symbolic gradient vs central finite differences, in float64.</summary>
public class GradientCheckTests
{
    public record Case(string Name, Func<Tensor[], Tensor> F, int[][] Shapes, double Lo = -1, double Hi = 1, double Delta = 1e-6, double Tolerance = 1e-5)
    {
        public override string ToString() => Name;
    }

    private static readonly int[] M = { 3, 4 };

    public static TheoryData<Case> Cases() => new()
    {
        new("MatMul", x => tf.matmul(x[0], x[1]), new[] { new[] { 3, 4 }, new[] { 4, 2 } }),
        new("MatMul transpose_b", x => tf.matmul(x[0], x[1], transpose_b: true), new[] { new[] { 3, 4 }, new[] { 2, 4 } }),
        new("BiasAdd", x => tf.nn.bias_add(x[0], x[1]), new[] { M, new[] { 4 } }),
        new("Add broadcast", x => tf.add(x[0], x[1]), new[] { M, new[] { 4 } }),
        new("AddV2", x => x[0] + x[1], new[] { M, M }),
        new("Sub broadcast", x => x[0] - x[1], new[] { M, new[] { 1, 4 } }),
        new("Mul broadcast", x => x[0] * x[1], new[] { M, new[] { 3, 1 } }),
        new("RealDiv", x => x[0] / x[1], new[] { M, M }, 0.5, 2),
        new("Neg", x => -x[0], new[] { M }),
        new("Square", x => tf.square(x[0]), new[] { M }),
        new("Sqrt", x => tf.sqrt(x[0]), new[] { M }, 0.5, 2),
        new("Rsqrt", x => tf.rsqrt(x[0]), new[] { M }, 0.5, 2),
        new("Exp", x => tf.exp(x[0]), new[] { M }),
        new("Log", x => tf.log(x[0]), new[] { M }, 0.5, 2),
        new("Log1p", x => tf.log1p(x[0]), new[] { M }, 0.1, 2),
        new("Abs", x => tf.abs(x[0]), new[] { M }),
        new("Maximum/Minimum (clip_by_value)", x => tf.clip_by_value(x[0], -0.5, 0.5), new[] { M }),
        new("SquaredDifference", x => tf.squared_difference(x[0], x[1]), new[] { M, new[] { 4 } }),
        new("Relu", x => tf.nn.relu(x[0]), new[] { M }),
        new("Elu", x => tf.nn.elu(x[0]), new[] { M }),
        new("Tanh", x => tf.nn.tanh(x[0]), new[] { M }),
        new("Sigmoid", x => tf.nn.sigmoid(x[0]), new[] { M }),
        new("Softmax", x => tf.nn.softmax(x[0]), new[] { M }),
        new("LogSoftmax", x => tf.nn.log_softmax(x[0]), new[] { M }),
        new("SoftmaxCrossEntropyWithLogits", x => tf.nn.softmax_cross_entropy_with_logits_v2(tf.nn.softmax(x[1]), x[0]), new[] { M, M }),
        new("SparseSoftmaxCrossEntropyWithLogits", x => tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant(new[] { 0, 3, 1 }), x[0]), new[] { M }),
        new("sigmoid_cross_entropy_with_logits (Select)", x => tf.nn.sigmoid_cross_entropy_with_logits(tf.nn.sigmoid(x[1]), x[0]), new[] { M, M }, -3, 3),
        new("Sum axis 0", x => tf.reduce_sum(x[0], 0), new[] { M }),
        new("Sum all", x => tf.reduce_sum(x[0]), new[] { M }),
        new("Mean axis 1 keepdims", x => tf.reduce_mean(x[0], 1, keepdims: true), new[] { M }),
        new("Mean of unknown batch", x => tf.reduce_mean(tf.reshape(x[0], new[] { -1, 2 }), 0), new[] { M }),
        new("Reshape", x => tf.reshape(x[0], new[] { 2, 6 }) * tf.constant(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), shape: new[] { 2, 6 }), new[] { M }),
        new("Identity", x => tf.identity(x[0]), new[] { M }),
        new("Squeeze/ExpandDims", x => tf.squeeze(tf.expand_dims(x[0], 0), new[] { 0 }), new[] { M }),
        new("Transpose", x => tf.matmul(tf.transpose(x[0], new[] { 1, 0 }), x[0]), new[] { M }),
        // A float32 round trip: a linear function, so a large step keeps float32 rounding out of the difference quotient.
        new("Cast float64->float32->float64", x => tf.cast(tf.cast(x[0], tf.float32) * 2.0, tf.float64), new[] { M }, Delta: 1e-2, Tolerance: 1e-4),
        new("Conv2D SAME", x => tf.nn.conv2d(x[0], x[1], new[] { 1, 1, 1, 1 }, "SAME"), new[] { new[] { 1, 5, 5, 2 }, new[] { 3, 3, 2, 3 } }),
        new("MaxPool 2x2", x => tf.nn.max_pool(x[0], new[] { 1, 2, 2, 1 }, new[] { 1, 2, 2, 1 }, "SAME"), new[] { new[] { 1, 4, 4, 2 } }),
        new("dropout keep_prob=1", x => tf.nn.dropout(x[0], 1.0), new[] { M }),
        new("moments + batch_normalization", x =>
        {
            var (mean, variance) = tf.nn.moments(x[0], new[] { 0 });
            return tf.nn.batch_normalization(x[0], mean, variance, x[1], x[2], 1e-3);
        }, new[] { new[] { 5, 3 }, new[] { 3 }, new[] { 3 } }),
        new("cond (Switch/Merge), true branch", x =>
        {
            var pred = tf.placeholder_with_default(true, TensorShape.Scalar);
            return tf.cond(pred, () => tf.square(x[0]) * x[1], () => x[0] * 3.0);
        }, new[] { M, M }),
        new("cond (Switch/Merge), false branch", x =>
        {
            var pred = tf.placeholder_with_default(false, TensorShape.Scalar);
            return tf.cond(pred, () => tf.square(x[0]), () => x[0] * x[1]);
        }, new[] { M, M }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SymbolicGradientMatchesFiniteDifferences(Case c)
    {
        var inputs = c.Shapes.Select((s, i) => GradientChecker.Random(s.Aggregate(1, (a, b) => a * b), 11 + i, c.Lo, c.Hi)).ToArray();
        var errors = GradientChecker.MaxError(c.F, inputs, c.Shapes, delta: c.Delta);
        for (var i = 0; i < errors.Length; i++)
            Assert.True(errors[i] < c.Tolerance, $"{c.Name}: input {i} max error {errors[i]}");
    }

    [Fact]
    public void FusedBatchNormV3GradientMatchesFiniteDifferencesInFloat32()
    {
        // The fused kernel is float32-only on CPU, so the check uses a larger step and tolerance.
        var shapes = new[] { new[] { 4, 2, 2, 3 }, new[] { 3 }, new[] { 3 } };
        var inputs = shapes.Select((s, i) => GradientChecker.Random(s.Aggregate(1, (a, b) => a * b), 5 + i, 0.2, 1.5)).ToArray();
        var errors = GradientChecker.MaxError(x => tf.nn.fused_batch_norm(x[0], x[1], x[2], epsilon: 1e-3).Y, inputs, shapes, DType.Float, delta: 1e-2);
        for (var i = 0; i < errors.Length; i++)
            Assert.True(errors[i] < 2e-2, $"FusedBatchNormV3 input {i} max error {errors[i]}");
    }
}
