using static TfBnPort.Tensorflow.Gradients.GradOps;

namespace TfBnPort.Tensorflow.Gradients;

/// <summary>Gradients of math ops (math_grad.py).</summary>
internal static class MathGradients
{
    public static void Register()
    {
        GradientRegistry.RegisterNotDifferentiable("Shape", "Size", "Rank", "ZerosLike", "OnesLike", "Equal", "NotEqual",
            "Greater", "GreaterEqual", "Less", "LessEqual", "ArgMax", "ArgMin", "InTopK", "InTopKV2", "RandomUniform",
            "TruncatedNormal", "RandomStandardNormal", "Const", "BroadcastGradientArgs", "Floor", "FloorDiv", "Sign",
            "LogicalAnd", "LogicalOr", "LogicalNot", "OneHot", "Range", "Placeholder", "NoOp", "VariableV2");

        GradientRegistry.Register("Add", AddGrad);
        GradientRegistry.Register("AddV2", AddGrad);
        GradientRegistry.Register("Sub", (op, g) =>
        {
            var (gx, gy) = Unbroadcast(op.Inputs[0], op.Inputs[1], g[0]!, tf.negative(g[0]!, name: "Neg"));
            return new Tensor?[] { gx, gy };
        });
        GradientRegistry.Register("Mul", (op, g) =>
        {
            var (x, y) = (op.Inputs[0], op.Inputs[1]);
            var (gx, gy) = Unbroadcast(x, y, tf.multiply(g[0]!, y, name: "Mul"), tf.multiply(x, g[0]!, name: "Mul_1"));
            return new Tensor?[] { gx, gy };
        });
        GradientRegistry.Register("RealDiv", (op, g) =>
        {
            var (x, y) = (op.Inputs[0], op.Inputs[1]);
            var gx = tf.truediv(g[0]!, y, name: "RealDiv");
            var gy = tf.multiply(g[0]!, tf.truediv(tf.truediv(tf.negative(x, name: "Neg"), y, name: "RealDiv_1"), y, name: "RealDiv_2"), name: "mul");
            var (rx, ry) = Unbroadcast(x, y, gx, gy);
            return new Tensor?[] { rx, ry };
        });
        GradientRegistry.Register("Maximum", (op, g) => MinMaxGrad(op, g[0]!, "GreaterEqual"));
        GradientRegistry.Register("Minimum", (op, g) => MinMaxGrad(op, g[0]!, "LessEqual"));
        GradientRegistry.Register("SquaredDifference", (op, g) =>
        {
            var (x, y) = (op.Inputs[0], op.Inputs[1]);
            Tensor scaled;
            using (op.Graph.ControlDependencies(new object[] { g[0]! }))
                scaled = tf.multiply(tf.constant(TensorValue.From(2.0).CastTo(x.DType.BaseType()), name: "scalar"), g[0]!, name: "Mul");
            var xGrad = tf.multiply(scaled, tf.subtract(x, y, name: "sub"), name: "mul");
            var (gx, gy) = Unbroadcast(x, y, xGrad, xGrad);
            return new Tensor?[] { gx, tf.negative(gy, name: "Neg") };
        });
        GradientRegistry.Register("AddN", (op, g) => op.Inputs.Select(_ => (Tensor?)g[0]).ToArray());

        GradientRegistry.Register("Neg", (op, g) => new Tensor?[] { tf.negative(g[0]!, name: "Neg") });
        GradientRegistry.Register("Square", (op, g) =>
        {
            using (op.Graph.ControlDependencies(new object[] { g[0]! }))
            {
                var two = tf.constant(TensorValue.From(2.0).CastTo(op.Inputs[0].DType.BaseType()), name: "Const");
                return new Tensor?[] { tf.multiply(g[0]!, tf.multiply(op.Inputs[0], two, name: "Mul"), name: "Mul_1") };
            }
        });
        GradientRegistry.Register("Sqrt", (op, g) => new Tensor?[] { Op("SqrtGrad", "SqrtGrad", op.Outputs[0], g[0]!) });
        GradientRegistry.Register("Rsqrt", (op, g) => new Tensor?[] { Op("RsqrtGrad", "RsqrtGrad", op.Outputs[0], g[0]!) });
        GradientRegistry.Register("Reciprocal", (op, g) => new Tensor?[] { Op("ReciprocalGrad", "ReciprocalGrad", op.Outputs[0], g[0]!) });
        GradientRegistry.Register("Exp", (op, g) => new Tensor?[] { tf.multiply(g[0]!, op.Outputs[0], name: "mul") });
        GradientRegistry.Register("Log", (op, g) => new Tensor?[] { tf.multiply(g[0]!, tf.reciprocal(op.Inputs[0], name: "Reciprocal"), name: "mul") });
        GradientRegistry.Register("Log1p", (op, g) =>
        {
            var one = tf.constant(TensorValue.From(1.0).CastTo(op.Inputs[0].DType.BaseType()), name: "Const");
            return new Tensor?[] { tf.multiply(g[0]!, tf.reciprocal(tf.add(one, op.Inputs[0], name: "add"), name: "Reciprocal"), name: "mul") };
        });
        GradientRegistry.Register("Abs", (op, g) => new Tensor?[] { tf.multiply(g[0]!, tf.sign(op.Inputs[0], name: "Sign"), name: "mul") });
        GradientRegistry.Register("Tanh", (op, g) => new Tensor?[] { Op("TanhGrad", "TanhGrad", op.Outputs[0], g[0]!) });
        GradientRegistry.Register("Sigmoid", (op, g) => new Tensor?[] { Op("SigmoidGrad", "SigmoidGrad", op.Outputs[0], g[0]!) });
        GradientRegistry.Register("Cast", (op, g) =>
        {
            var src = op.Inputs[0].DType.BaseType();
            return new Tensor?[] { src.IsFloating() && op.Outputs[0].DType.IsFloating() ? tf.cast(g[0]!, src, name: "Cast") : null };
        });
        GradientRegistry.Register("MatMul", MatMulGrad);
        GradientRegistry.Register("Sum", (op, g) => new Tensor?[] { SumGrad(op, g[0]!), null });
        GradientRegistry.Register("Mean", (op, g) =>
        {
            var sum = SumGrad(op, g[0]!);
            Tensor factor;
            if (op.Inputs[0].Shape.IsFullyDefined && op.Outputs[0].Shape.IsFullyDefined)
            {
                var ratio = op.Inputs[0].Shape.NumElements / Math.Max(1, op.Outputs[0].Shape.NumElements);
                factor = tf.constant(TensorValue.From((double)ratio).CastTo(sum.DType.BaseType()), name: "Const");
            }
            else
            {
                factor = tf.cast(SafeShapeDiv(Prod(tf.shape(op.Inputs[0], name: "Shape_2")), Prod(tf.shape(op.Outputs[0], name: "Shape_3"), "Prod_1")), sum.DType.BaseType(), name: "Cast");
            }
            return new Tensor?[] { tf.truediv(sum, factor, name: "truediv"), null };
        });
        GradientRegistry.Register("L2Loss", (op, g) => new Tensor?[] { tf.multiply(op.Inputs[0], g[0]!, name: "mul") });
        GradientRegistry.Register("Select", (op, g) =>
        {
            var zeros = tf.zeros_like(g[0]!);
            var c = op.Inputs[0];
            return new Tensor?[] { null, tf.where(c, g[0]!, zeros, name: "Select"), tf.where(c, zeros, g[0]!, name: "Select_1") };
        });
    }

    private static Tensor?[] AddGrad(Operation op, Tensor?[] g)
    {
        var (gx, gy) = Unbroadcast(op.Inputs[0], op.Inputs[1], g[0]!, g[0]!);
        return new Tensor?[] { gx, gy };
    }

    private static Tensor?[] MinMaxGrad(Operation op, Tensor grad, string selectorOp)
    {
        var (x, y) = (op.Inputs[0], op.Inputs[1]);
        var zeros = tf.zeros_like(grad);
        var mask = Op(selectorOp, selectorOp, x, y);
        var (gx, gy) = Unbroadcast(x, y, tf.where(mask, grad, zeros, name: "Select"), tf.where(mask, zeros, grad, name: "Select_1"));
        return new Tensor?[] { gx, gy };
    }

    private static Tensor?[] MatMulGrad(Operation op, Tensor?[] g)
    {
        var grad = g[0]!;
        var ta = op.Attr<bool>("transpose_a");
        var tb = op.Attr<bool>("transpose_b");
        var (a, b) = (op.Inputs[0], op.Inputs[1]);
        return (ta, tb) switch
        {
            (false, false) => new Tensor?[] { tf.matmul(grad, b, transpose_b: true, name: "MatMul"), tf.matmul(a, grad, transpose_a: true, name: "MatMul_1") },
            (false, true) => new Tensor?[] { tf.matmul(grad, b, name: "MatMul"), tf.matmul(grad, a, transpose_a: true, name: "MatMul_1") },
            (true, false) => new Tensor?[] { tf.matmul(b, grad, transpose_b: true, name: "MatMul"), tf.matmul(a, grad, name: "MatMul_1") },
            (true, true) => new Tensor?[] { tf.matmul(b, grad, transpose_a: true, transpose_b: true, name: "MatMul"), tf.matmul(grad, a, transpose_a: true, transpose_b: true, name: "MatMul_1") },
        };
    }

    /// <summary>_SumGrad: reshape the gradient to the kept-dims shape and tile it back over the reduced axes.</summary>
    internal static Tensor SumGrad(Operation op, Tensor grad)
    {
        var x = op.Inputs[0];
        var inputShape = tf.shape(x, name: "Shape");
        var axes = OpHelper.ConstantInts(op.Inputs[1]);
        Tensor keptDims;
        if (axes is not null && x.Shape.IsKnownRank)
        {
            // reduced_shape with static axes and rank: 1 on reduced axes, the input's dim elsewhere.
            var rank = x.Shape.Rank;
            var reduced = axes.Select(a => (int)(a < 0 ? a + rank : a)).ToHashSet();
            var mask = Enumerable.Range(0, rank).Select(i => reduced.Contains(i) ? 0 : 1).ToArray();
            var ones = mask.Select(m => 1 - m).ToArray();
            keptDims = tf.add(tf.multiply(inputShape, tf.constant(mask, name: "mask"), name: "mul"), tf.constant(ones, name: "ones"), name: "reduced_shape");
        }
        else
        {
            throw new NotSupportedException($"Gradient of {op.Type} '{op.Name}' needs constant reduction axes and a known input rank.");
        }
        var tileScaling = SafeShapeDiv(inputShape, keptDims);
        var reshaped = tf.reshape(grad, keptDims, name: "Reshape");
        return tf.tile(reshaped, tileScaling, name: "Tile");
    }
}
