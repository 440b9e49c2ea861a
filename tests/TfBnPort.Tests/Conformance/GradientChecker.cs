using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Conformance;

/// <summary>
/// TF 1.15's gradient_checker.py (compute_gradient, compute_gradient_error) in C#: the theoretical
/// Jacobian comes from tf.gradients(y, x, dy), run once per element of y with dy one-hot (dy is the
/// checker's own constant, fed); the numeric one from central differences (y(x+δ) − y(x−δ)) / 2δ,
/// one row per element of x. x may be any tensor of the graph (a Const too): it is fed, as Python feeds it.
/// Both Jacobians have x_size rows and y_size columns.
/// </summary>
public static class GradientChecker
{
    /// <summary>gradient_checker.compute_gradient: (theoretical, numeric) Jacobians of y with respect to x.</summary>
    /// <param name="xInit">x's value for both Jacobians (row-major doubles, converted to x's dtype); null: np.random.random_sample from a RandomState seeded with <paramref name="seed"/>.</param>
    public static (double[,] Theoretical, double[,] Numeric) compute_gradient(Session sess, Tensor x, int[] xShape, Tensor y, int[] yShape,
        double[]? xInit = null, double delta = 1e-3, FeedDict? extraFeeds = null, int seed = 1)
    {
        var (dx, dy) = DxAndDy(x, y, yShape);
        var xData = xInit ?? RandomSample(Size(xShape), seed);
        if (xData.Length != Size(xShape))
            throw new ArgumentException($"x_init_value has {xData.Length} elements, x_shape {Show(xShape)} needs {Size(xShape)}.");
        // Python feeds x's own dtype: the init value rounds to it first (float16 data stays float16).
        xData = Value(xData, xShape, x.DType.BaseType()).ToDoubleArray();
        return (Theoretical(sess, x, xShape, xData, dy, yShape, dx, extraFeeds), Numeric(sess, x, xShape, xData, y, yShape, delta, extraFeeds));
    }

    /// <summary>The theoretical Jacobian alone (tf.gradients, one run per element of y), at <paramref name="xInit"/>.</summary>
    public static double[,] TheoreticalJacobian(Session sess, Tensor x, int[] xShape, Tensor y, int[] yShape, double[] xInit, FeedDict? extraFeeds = null)
    {
        var (dx, dy) = DxAndDy(x, y, yShape);
        return Theoretical(sess, x, xShape, Value(xInit, xShape, x.DType.BaseType()).ToDoubleArray(), dy, yShape, dx, extraFeeds);
    }

    /// <summary>The numeric Jacobian alone (central differences, two runs per element of x), at <paramref name="xInit"/>.</summary>
    public static double[,] NumericJacobian(Session sess, Tensor x, int[] xShape, Tensor y, int[] yShape, double[] xInit, double delta = 1e-3, FeedDict? extraFeeds = null) =>
        Numeric(sess, x, xShape, Value(xInit, xShape, x.DType.BaseType()).ToDoubleArray(), y, yShape, delta, extraFeeds);

    /// <summary>gradient_checker.compute_gradient_error: the largest |theoretical − numeric| over both Jacobians.</summary>
    public static double compute_gradient_error(Session sess, Tensor x, int[] xShape, Tensor y, int[] yShape,
        double[]? xInit = null, double delta = 1e-3, FeedDict? extraFeeds = null, int seed = 1)
    {
        var (t, n) = compute_gradient(sess, x, xShape, y, yShape, xInit, delta, extraFeeds, seed);
        return MaxAbsDifference(t, n);
    }

    /// <summary>max |a − b| over two Jacobians of the same shape (0 for empty ones), NaN if either holds a NaN.</summary>
    public static double MaxAbsDifference(double[,] a, double[,] b)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"Jacobians of shapes [{a.GetLength(0)}, {a.GetLength(1)}] and [{b.GetLength(0)}, {b.GetLength(1)}] cannot be compared.");
        var worst = 0.0;
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++)
            {
                var d = Math.Abs(a[i, j] - b[i, j]);
                if (double.IsNaN(d)) return double.NaN;
                worst = Math.Max(worst, d);
            }
        return worst;
    }

    /// <summary>_compute_dx_and_dy: dy_orig = constant(1, y_shape), dy = identity(dy_orig), dx = gradients(y, x, dy).</summary>
    private static (Tensor Dx, Tensor DyOrig) DxAndDy(Tensor x, Tensor y, int[] yShape)
    {
        using var _ = x.Graph.as_default();
        var dyOrig = tf.constant(Value(Enumerable.Repeat(1.0, Size(yShape)).ToArray(), yShape, y.DType.BaseType()), name: "Const");
        var dy = tf.identity(dyOrig);
        var grads = tf.gradients(new[] { y }, new object[] { x }, grad_ys: new Tensor?[] { dy });
        var dx = grads[0] ?? throw new InvalidOperationException($"tf.gradients gives no gradient of {y.Name} with respect to {x.Name}: they are not connected.");
        return (dx, dyOrig);
    }

    private static double[,] Theoretical(Session sess, Tensor x, int[] xShape, double[] xData, Tensor dy, int[] dyShape, Tensor dx, FeedDict? extra)
    {
        var xSize = Size(xShape);
        var dySize = Size(dyShape);
        var jacobian = new double[xSize, dySize];
        var dyData = new double[dySize];
        var xValue = Value(xData, xShape, x.DType.BaseType());
        for (var col = 0; col < dySize; col++)
        {
            dyData[col] = 1;
            var backprop = Run(sess, dx, Feeds(extra, (x, xValue), (dy, Value(dyData, dyShape, dy.DType.BaseType()))));
            if (backprop.Length != xSize)
                throw new InvalidOperationException($"The gradient {dx.Name} has {backprop.Length} elements, x {x.Name} has {xSize}.");
            for (var row = 0; row < xSize; row++) jacobian[row, col] = backprop[row];
            dyData[col] = 0;
        }
        if (dySize == 0)
        {
            // An empty y: the gradient must still have x's shape and be all zeros.
            var backprop = Run(sess, dx, Feeds(extra, (x, xValue), (dy, Value(dyData, dyShape, dy.DType.BaseType()))));
            if (backprop.Length != xSize) throw new InvalidOperationException($"Empty gradient has wrong shape: expected {Show(xShape)}, got {backprop.Length} elements.");
            if (backprop.Any(v => v != 0)) throw new InvalidOperationException("Empty tensor with nonzero gradients");
        }
        return jacobian;
    }

    private static double[,] Numeric(Session sess, Tensor x, int[] xShape, double[] xData, Tensor y, int[] yShape, double delta, FeedDict? extra)
    {
        var xSize = Size(xShape);
        var ySize = Size(yShape);
        var jacobian = new double[xSize, ySize];
        var dtype = x.DType.BaseType();
        for (var row = 0; row < xSize; row++)
        {
            var pos = (double[])xData.Clone();
            var neg = (double[])xData.Clone();
            pos[row] += delta;
            neg[row] -= delta;
            var yPos = Run(sess, y, Feeds(extra, (x, Value(pos, xShape, dtype))));
            var yNeg = Run(sess, y, Feeds(extra, (x, Value(neg, xShape, dtype))));
            for (var col = 0; col < ySize; col++) jacobian[row, col] = (yPos[col] - yNeg[col]) / (2 * delta);
        }
        return jacobian;
    }

    private static double[] Run(Session sess, Tensor t, FeedDict feeds) =>
        sess.RunValues(new[] { t }, Array.Empty<Operation>(), feeds)[0].ToDoubleArray();

    private static FeedDict Feeds(FeedDict? extra, params (Tensor T, TensorValue V)[] feeds)
    {
        var fd = new FeedDict();
        if (extra is not null)
            foreach (var kv in extra) fd.Add(kv.Key, kv.Value);
        foreach (var (t, v) in feeds) fd.Add(t, v);
        return fd;
    }

    /// <summary>Row-major doubles as a tensor value of <paramref name="dtype"/>.</summary>
    public static TensorValue Value(double[] values, int[] shape, DType dtype)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorValue(DType.Double, shape.Select(d => (long)d).ToArray(), bytes).CastTo(dtype);
    }

    /// <summary>np.random.RandomState(seed).random_sample(n): uniform [0, 1), NumPy's own numbers (NumSharp's MT19937 is NumPy's legacy stream).</summary>
    public static double[] RandomSample(int n, int seed) =>
        n == 0 ? Array.Empty<double>() : NumSharp.np.random.RandomState(seed).random_sample(n).ToArray<double>();

    public static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    private static string Show(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
