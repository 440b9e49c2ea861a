using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

/// <summary>
/// Compares tf.gradients of L = Σ w⊙f(x) with central finite differences of L, computed by
/// running the same graph with perturbed feeds.
/// </summary>
public static class GradientChecker
{
    /// <summary>Returns the max abs difference between the symbolic and the numeric gradient, for each input.</summary>
    public static double[] MaxError(Func<Tensor[], Tensor> f, double[][] inputs, int[][] shapes, DType dtype = DType.Double, double delta = 1e-6, int seed = 1)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var xs = shapes.Select((s, i) => tf.placeholder(dtype, new TensorShape(s), name: $"x{i}")).ToArray();
        var y = f(xs);
        var rng = new Random(seed);
        var wShape = y.Shape.AsIntArray();
        var wValues = Enumerable.Range(0, (int)Math.Max(1, y.Shape.NumElements)).Select(_ => rng.NextDouble() + 0.5).ToArray();
        var w = tf.constant(new TensorValue(DType.Double, wShape.Select(d => (long)d).ToArray(), ToBytes(wValues)).CastTo(dtype), name: "w");
        var loss = tf.reduce_sum(tf.multiply(y, w));
        var grads = tf.gradients(loss, xs.Cast<object>());
        using var sess = new Session(graph);
        FeedDict Feed(double[][] values)
        {
            var fd = new FeedDict();
            for (var i = 0; i < xs.Length; i++)
                fd.Add(xs[i], new TensorValue(DType.Double, shapes[i].Select(d => (long)d).ToArray(), ToBytes(values[i])).CastTo(dtype));
            return fd;
        }
        double Loss(double[][] values) => Convert.ToDouble(sess.RunValues(new[] { loss }, Array.Empty<Operation>(), Feed(values))[0].CastTo(DType.Double).ToArray<double>()[0]);
        var symbolic = sess.RunValues(grads.Select(g => g ?? throw new Exception("no gradient")).ToArray(), Array.Empty<Operation>(), Feed(inputs))
            .Select(v => v.CastTo(DType.Double).ToArray<double>()).ToArray();
        var errors = new double[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            for (var j = 0; j < inputs[i].Length; j++)
            {
                var plus = inputs.Select(a => a.ToArray()).ToArray();
                var minus = inputs.Select(a => a.ToArray()).ToArray();
                plus[i][j] += delta;
                minus[i][j] -= delta;
                var numeric = (Loss(plus) - Loss(minus)) / (2 * delta);
                errors[i] = Math.Max(errors[i], Math.Abs(numeric - symbolic[i][j]));
            }
        }
        return errors;
    }

    public static byte[] ToBytes(double[] values)
    {
        var bytes = new byte[values.Length * 8];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    public static double[] Random(int n, int seed, double lo = -1, double hi = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
    }
}
