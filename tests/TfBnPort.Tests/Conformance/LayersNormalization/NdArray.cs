namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// The few NumPy operations normalization_test.py's expected values use (mean/var/std over axes with
/// keepdims, reshape, broadcasting arithmetic, clip), in float64, so its formulas read the same in C#.
/// </summary>
internal sealed class NdArray
{
    public NdArray(double[] data, params int[] shape)
    {
        if (data.Length != shape.Aggregate(1, (a, b) => a * b))
            throw new ArgumentException($"{data.Length} values do not fill shape [{string.Join(", ", shape)}].");
        Data = data;
        Shape = shape;
    }

    public double[] Data { get; }
    public int[] Shape { get; }
    public int Size => Data.Length;

    /// <summary>np.random.random(shape): uniform [0, 1) from a seeded generator.</summary>
    public static NdArray Random(System.Random rng, params int[] shape) =>
        new(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => rng.NextDouble()).ToArray(), shape);

    public static NdArray Scalar(double value) => new(new[] { value });

    public static NdArray Full(double value, params int[] shape) =>
        new(Enumerable.Repeat(value, shape.Aggregate(1, (a, b) => a * b)).ToArray(), shape);

    public NdArray Reshape(params int[] shape) => new(Data, shape);

    public float[] ToFloats() => Array.ConvertAll(Data, v => (float)v);

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
        return strides;
    }

    /// <summary>Reduces <paramref name="axes"/> with <paramref name="reduce"/> (np.mean(x, axis=..., keepdims=...)).</summary>
    public NdArray Reduce(int[] axes, bool keepdims, Func<IReadOnlyList<double>, double> reduce)
    {
        var kept = Enumerable.Range(0, Shape.Length).Select(i => axes.Contains(i) ? 1 : Shape[i]).ToArray();
        var groups = new List<double>[kept.Aggregate(1, (a, b) => a * b)];
        for (var g = 0; g < groups.Length; g++) groups[g] = new List<double>();
        var strides = Strides(Shape);
        var keptStrides = Strides(kept);
        for (var i = 0; i < Data.Length; i++)
        {
            var rest = i;
            var target = 0;
            for (var d = 0; d < Shape.Length; d++)
            {
                var index = rest / strides[d];
                rest %= strides[d];
                if (!axes.Contains(d)) target += index * keptStrides[d];
            }
            groups[target].Add(Data[i]);
        }
        var data = groups.Select(reduce).ToArray();
        return new NdArray(data, keepdims ? kept : kept.Where((_, d) => !axes.Contains(d)).ToArray());
    }

    public NdArray Mean(int[] axes, bool keepdims = false) => Reduce(axes, keepdims, v => v.Average());

    /// <summary>np.var: the biased variance.</summary>
    public NdArray Var(int[] axes, bool keepdims = false) => Reduce(axes, keepdims, v => { var m = v.Average(); return v.Sum(x => (x - m) * (x - m)) / v.Count; });

    public NdArray Std(int[] axes, bool keepdims = false) => Var(axes, keepdims).Map(Math.Sqrt);

    public double MeanAll() => Data.Average();

    public double StdAll() { var m = MeanAll(); return Math.Sqrt(Data.Sum(x => (x - m) * (x - m)) / Data.Length); }

    public NdArray Map(Func<double, double> f) => new(Data.Select(f).ToArray(), Shape);

    public NdArray Clip(double lo, double hi) => Map(v => Math.Clamp(v, lo, hi));

    /// <summary>Elementwise <paramref name="f"/> with NumPy broadcasting (shapes aligned on the right).</summary>
    public static NdArray Broadcast(NdArray a, NdArray b, Func<double, double, double> f)
    {
        var rank = Math.Max(a.Shape.Length, b.Shape.Length);
        int[] Pad(int[] s) => Enumerable.Repeat(1, rank - s.Length).Concat(s).ToArray();
        var sa = Pad(a.Shape);
        var sb = Pad(b.Shape);
        var shape = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            if (sa[d] != sb[d] && sa[d] != 1 && sb[d] != 1)
                throw new ArgumentException($"shapes [{string.Join(",", a.Shape)}] and [{string.Join(",", b.Shape)}] do not broadcast.");
            shape[d] = Math.Max(sa[d], sb[d]);
        }
        var strides = Strides(shape);
        var stridesA = Strides(sa);
        var stridesB = Strides(sb);
        var data = new double[shape.Aggregate(1, (x, y) => x * y)];
        for (var i = 0; i < data.Length; i++)
        {
            int rest = i, ia = 0, ib = 0;
            for (var d = 0; d < rank; d++)
            {
                var index = rest / strides[d];
                rest %= strides[d];
                if (sa[d] != 1) ia += index * stridesA[d];
                if (sb[d] != 1) ib += index * stridesB[d];
            }
            data[i] = f(a.Data[ia], b.Data[ib]);
        }
        return new NdArray(data, shape);
    }

    public static NdArray operator +(NdArray a, NdArray b) => Broadcast(a, b, (x, y) => x + y);
    public static NdArray operator -(NdArray a, NdArray b) => Broadcast(a, b, (x, y) => x - y);
    public static NdArray operator *(NdArray a, NdArray b) => Broadcast(a, b, (x, y) => x * y);
    public static NdArray operator /(NdArray a, NdArray b) => Broadcast(a, b, (x, y) => x / y);
    public static NdArray operator +(NdArray a, double b) => a.Map(x => x + b);
    public static NdArray operator -(NdArray a, double b) => a.Map(x => x - b);
    public static NdArray operator *(NdArray a, double b) => a.Map(x => x * b);
    public static NdArray operator /(NdArray a, double b) => a.Map(x => x / b);
    public static NdArray operator +(double a, NdArray b) => b.Map(x => a + x);
    public static NdArray operator *(double a, NdArray b) => b.Map(x => a * x);
}
