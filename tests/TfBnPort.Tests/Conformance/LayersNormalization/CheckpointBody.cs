using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Conformance.LayersNormalization.LayersBnKit;

namespace TfBnPort.Tests.Conformance.LayersNormalization;

/// <summary>
/// normalization_test.py's _simple_model/_train/_infer: a 3×3 conv (ones, no bias) into a
/// BatchNormalization with Bessel's correction removed from the fused path, loss Σ|bn|, two steps
/// of gradient descent (updates as control dependencies unless frozen), saved or restored.
/// Every TF "use_gpu" choice runs on the CPU here (TF falls back to it the same way).
/// </summary>
internal sealed class CheckpointBody : IDisposable
{
    public static readonly int[] Shape = { 2, 4, 5, 3 };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tfbnport-bn-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointBody() => Directory.CreateDirectory(_dir);

    public string PathFor(string name) => Path.Combine(_dir, name);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static (Tensor Loss, Operation TrainOp, Saver Saver) SimpleModel(Tensor image, bool fused, bool freezeMode)
    {
        Tensor conv;
        using (tf.variable_scope_default("conv2d"))
        {
            var kernel = tf.get_variable("kernel", new[] { 3, 3, Shape[3], 2 }, image.DType.BaseType(), tf.ones_initializer());
            conv = tf.nn.conv2d(image, kernel, new[] { 1, 1, 1, 1 }, "VALID", name: "Conv2D");
        }
        var bnLayer = new tf.layers.BatchNormalization(fused: fused) { bessels_correction_test_only = false };
        var bn = bnLayer.apply(conv, training: !freezeMode);
        Assert.Equal(fused, bnLayer.fused);
        var loss = tf.reduce_sum(tf.abs(bn));
        var optimizer = tf.train.GradientDescentOptimizer(0.01);
        // Python's minimize gates each op's gradients (GATE_OP, its default): without it, gamma's update
        // can race the gradient that still reads gamma, and the fused and non-fused runs drift apart.
        Operation trainOp;
        if (!freezeMode)
        {
            using (tf.control_dependencies(tf.get_collection(GraphKeys.UPDATE_OPS)))
                trainOp = optimizer.minimize(loss, gate_gradients: Optimizer.GATE_OP);
        }
        else trainOp = optimizer.minimize(loss, gate_gradients: Optimizer.GATE_OP);
        return (loss, trainOp, tf.train.Saver());
    }

    /// <summary>Two training steps on np.random.seed(0)-style data; returns every global variable after a restore run.</summary>
    public static NdArray[]? Train(string checkpointPath, bool fused, bool restore, bool freezeMode, DType dtype = DType.Float)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var image = tf.placeholder(dtype, new TensorShape(Shape));
        var (loss, trainOp, saver) = SimpleModel(image, fused, freezeMode);
        using var sess = new Session(graph);
        if (restore) saver.restore(sess, checkpointPath);
        else sess.run(tf.global_variables_initializer());
        var rng = new Random(0);
        for (var step = 0; step < 2; step++)
        {
            var imageVal = NdArray.Random(rng, Shape);
            Run(sess, new[] { loss }, new object[] { trainOp }, new FeedDict { { image, Value(imageVal, dtype) } });
        }
        if (restore) return tf.global_variables().Select(v => Read(sess, v)).ToArray();
        saver.save(sess, checkpointPath);
        return null;
    }

    /// <summary>The frozen model's loss on <paramref name="imageVal"/> with the checkpoint's variables.</summary>
    public static double Infer(string checkpointPath, NdArray imageVal, bool fused, DType dtype = DType.Float)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var image = tf.placeholder(dtype, new TensorShape(Shape));
        var (loss, _, saver) = SimpleModel(image, fused, freezeMode: true);
        using var sess = new Session(graph);
        saver.restore(sess, checkpointPath);
        return Run(sess, loss, feed: new FeedDict { { image, Value(imageVal, dtype) } }).Data[0];
    }

    private static TensorValue Value(NdArray a, DType dtype) => dtype == DType.Half ? Float16(a) : Float32(a);
}
