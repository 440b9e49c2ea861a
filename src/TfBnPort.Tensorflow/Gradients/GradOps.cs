namespace TfBnPort.Tensorflow.Gradients;

/// <summary>Op builders only gradient functions need (the *Grad kernels and shape helpers).</summary>
internal static class GradOps
{
    public static Tensor Op(string type, string name, params Tensor[] inputs)
    {
        var b = inputs[0].Graph.NewOperation(type, name);
        foreach (var i in inputs) b.Input(i);
        return b.Finish().Output(0);
    }

    public static (Tensor Rx, Tensor Ry) BroadcastGradientArgs(Tensor sx, Tensor sy)
    {
        var op = sx.Graph.NewOperation("BroadcastGradientArgs", "BroadcastGradientArgs").Input(sx).Input(sy).Finish();
        return (op.Output(0), op.Output(1));
    }

    public static Tensor SumOver(Tensor x, Tensor axes, string name = "Sum") =>
        x.Graph.NewOperation("Sum", name).Input(x).Input(axes).Attr("keep_dims", false).Finish().Output(0);

    public static Tensor Prod(Tensor x, string name = "Prod")
    {
        var axes = tf.constant(new[] { 0 }, name: "Const");
        return x.Graph.NewOperation("Prod", name).Input(x).Input(axes).Attr("keep_dims", false).Finish().Output(0);
    }

    /// <summary>x // max(y, 1): _safe_shape_div.</summary>
    public static Tensor SafeShapeDiv(Tensor x, Tensor y) =>
        Op("FloorDiv", "floordiv", x, tf.maximum(y, tf.constant(1, name: "Const"), name: "Maximum"));

    /// <summary>
    /// Python's _BroadcastGradient pattern for binary ops: reduce each side's gradient over the
    /// axes it was broadcast along, then reshape to its shape. Skipped when shapes are fully known and equal.
    /// </summary>
    public static (Tensor Gx, Tensor Gy) Unbroadcast(Tensor x, Tensor y, Tensor gx, Tensor gy)
    {
        if (x.Shape.IsFullyDefined && y.Shape.IsFullyDefined && x.Shape.Equals(y.Shape) && gx.Shape.Equals(x.Shape) && gy.Shape.Equals(y.Shape))
            return (gx, gy);
        var sx = tf.shape(x, name: "Shape");
        var sy = tf.shape(y, name: "Shape_1");
        var (rx, ry) = BroadcastGradientArgs(sx, sy);
        var outX = tf.reshape(SumOver(gx, rx, "Sum"), sx, name: "Reshape");
        var outY = tf.reshape(SumOver(gy, ry, "Sum_1"), sy, name: "Reshape_1");
        return (outX, outY);
    }
}
