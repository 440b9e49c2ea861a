using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Bench;

/// <summary>Forward+backward of one BN layer: the from-scratch reference (float64, one thread) vs TensorFlow's fused kernel.</summary>
public static class BatchNormKernelTiming
{
    public static IEnumerable<BenchRow> Measure(int[] shape, int repeats)
    {
        var channels = shape[^1];
        var count = shape.Aggregate(1, (a, b) => a * b);
        var rng = new Random(1);
        var x = Enumerable.Range(0, count).Select(_ => rng.NextDouble()).ToArray();
        var dy = Enumerable.Range(0, count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var gamma = Enumerable.Repeat(1.0, channels).ToArray();
        var beta = new double[channels];
        var batch = new Batch(x, shape);
        var reference = Stopwatches.SecondsPerCall(() =>
        {
            var forward = BatchNormReference.ForwardTraining(batch, gamma, beta, 1e-3);
            BatchNormReference.Backward(dy, forward);
        }, repeats, warmup: 1);

        using var graph = new Graph();
        using var _ = graph.as_default();
        var nhwc = shape.Length == 4 ? shape : new[] { shape[0], 1, 1, shape[1] };
        var input = tf.placeholder(tf.float32, new TensorShape(nhwc), name: "x");
        var upstream = tf.placeholder(tf.float32, new TensorShape(nhwc), name: "dy");
        var scale = tf.constant(new float[channels].Select(_ => 1f).ToArray());
        var offset = tf.constant(new float[channels]);
        var (y, _, _) = tf.nn.fused_batch_norm(input, scale, offset, epsilon: 1e-3);
        var grads = tf.gradients(new[] { y }, new object[] { input, scale, offset }, new Tensor?[] { upstream });
        using var sess = new Session(graph);
        var xf = x.Select(v => (float)v).ToArray();
        var dyf = dy.Select(v => (float)v).ToArray();
        var fetches = grads.Select(g => g!).Prepend(y).ToArray();
        var shapeLong = nhwc.Select(d => (long)d).ToArray();
        var xValue = new TensorValue(DType.Float, shapeLong, Bytes(xf));
        var dyValue = new TensorValue(DType.Float, shapeLong, Bytes(dyf));
        var native = Stopwatches.SecondsPerCall(() => sess.RunValues(fetches, Array.Empty<Operation>(), new FeedDict { { input, xValue }, { upstream, dyValue } }), repeats, warmup: 2);
        var label = string.Join("×", shape);
        yield return new BenchRow("BN forward+backward", $"TensorFlow FusedBatchNormV3+GradV3 [{label}]", native * 1e3, "ms");
        yield return new BenchRow("BN forward+backward", $"reference BN (float64) [{label}]", reference * 1e3, "ms", native * 1e3, "fused kernel");
    }

    private static byte[] Bytes(float[] values)
    {
        var b = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, b, 0, b.Length);
        return b;
    }
}
