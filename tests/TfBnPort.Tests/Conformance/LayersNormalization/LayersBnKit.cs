using System.Runtime.InteropServices;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>Session plumbing and NumPy-style assertions shared by the normalization_test.py ports.</summary>
internal static class LayersBnKit
{
    public const string PyFile = "tensorflow/python/layers/normalization_test.py";

    /// <summary>A float32 tensor value of <paramref name="a"/> (what np.random.random(...).astype(float32) feeds).</summary>
    public static TensorValue Float32(NdArray a) => TensorValue.From(a.ToFloats()).Reshaped(a.Shape);

    /// <summary>A float16 tensor value of <paramref name="a"/> (astype(np.float16)).</summary>
    public static TensorValue Float16(NdArray a)
    {
        var bytes = new byte[a.Size * 2];
        for (var i = 0; i < a.Size; i++) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (Half)a.Data[i]);
        return new TensorValue(DType.Half, a.Shape.Select(d => (long)d).ToArray(), bytes);
    }

    private static TensorValue Reshaped(this TensorValue v, int[] shape) => new(v.DType, shape.Select(d => (long)d).ToArray(), v.Data);

    /// <summary>sess.run([fetches] + targets, feed): the fetched values as float64 arrays (targets are update ops).</summary>
    public static NdArray[] Run(Session sess, Tensor[] fetches, IEnumerable<object>? targets = null, FeedDict? feed = null)
    {
        var ops = (targets ?? Array.Empty<object>()).Select(t => t as Operation ?? ((Tensor)t).Op).ToArray();
        return sess.RunValues(fetches, ops, feed).Select(ToNd).ToArray();
    }

    public static NdArray Run(Session sess, Tensor fetch, IEnumerable<object>? targets = null, FeedDict? feed = null) =>
        Run(sess, new[] { fetch }, targets, feed)[0];

    public static NdArray Read(Session sess, Variable v) => Run(sess, v.Snapshot);

    public static NdArray ToNd(TensorValue v)
    {
        var shape = v.Shape.Select(d => (int)d).ToArray();
        double[] data = v.DType switch
        {
            DType.Float => v.ToArray<float>().Select(x => (double)x).ToArray(),
            DType.Double => v.ToArray<double>(),
            DType.Half => MemoryMarshal.Cast<byte, Half>(v.Data).ToArray().Select(x => (double)x).ToArray(),
            _ => throw new ArgumentException($"unexpected dtype {v.DType}"),
        };
        return new NdArray(data, shape);
    }

    /// <summary>TF's assertAllClose: |actual − expected| ≤ atol + rtol·|expected| everywhere, same number of elements.</summary>
    public static void AllClose(NdArray expected, NdArray actual, double atol, double rtol = 1e-6, string what = "") =>
        TfAssert.AllClose(expected.Data, actual.Data, rtol, atol, what);

    /// <summary>unittest's assertAlmostEqual(actual, expected, places): round(actual − expected, places) == 0.</summary>
    public static void AlmostEqual(double expected, double actual, int places, string what = "") =>
        Assert.True(Math.Round(actual - expected, places) == 0, $"{what}: {actual} is not {expected} to {places} places");
}
