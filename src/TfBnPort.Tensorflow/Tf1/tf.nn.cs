namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.nn: activations, convolution, pooling, dropout, losses, and (in other files) batch norm.</summary>
    public static partial class nn
    {
        public static Tensor relu(object features, string? name = null) => OpHelper.Unary("Relu", OpHelper.ToTensor(features), name);
        public static Tensor elu(object features, string? name = null) => OpHelper.Unary("Elu", OpHelper.ToTensor(features), name);
        public static Tensor tanh(object x, string? name = null) => OpHelper.Unary("Tanh", OpHelper.ToTensor(x), name);
        public static Tensor sigmoid(object x, string? name = null) => OpHelper.Unary("Sigmoid", OpHelper.ToTensor(x), name);
        public static Tensor softmax(object logits, string? name = null) => OpHelper.Unary("Softmax", OpHelper.ToTensor(logits), name);
        public static Tensor log_softmax(object logits, string? name = null) => OpHelper.Unary("LogSoftmax", OpHelper.ToTensor(logits), name);

        public static Tensor bias_add(object value, object bias, string? name = null)
        {
            var v = OpHelper.ToTensor(value);
            var b = OpHelper.ToTensor(bias, v.DType.BaseType());
            return v.Graph.NewOperation("BiasAdd", name ?? "BiasAdd").Input(v).Input(b).Attr("data_format", "NHWC").Finish().Output(0);
        }

        public static Tensor conv2d(object input, object filter, int[] strides, string padding, string data_format = "NHWC", string? name = null)
        {
            var x = OpHelper.ToTensor(input);
            var w = OpHelper.ToTensor(filter, x.DType.BaseType());
            return x.Graph.NewOperation("Conv2D", name ?? "Conv2D").Input(x).Input(w)
                .Attr("strides", strides).Attr("padding", padding).Attr("data_format", data_format)
                .Attr("use_cudnn_on_gpu", true).Attr("dilations", new[] { 1, 1, 1, 1 }).Finish().Output(0);
        }

        public static Tensor max_pool(object value, int[] ksize, int[] strides, string padding, string data_format = "NHWC", string? name = null)
        {
            var x = OpHelper.ToTensor(value);
            return x.Graph.NewOperation("MaxPool", name ?? "MaxPool").Input(x)
                .Attr("ksize", ksize).Attr("strides", strides).Attr("padding", padding).Attr("data_format", data_format).Finish().Output(0);
        }

        /// <summary>
        /// tf.nn.dropout(x, keep_prob) as TF 1.15 builds it: rate = 1 − keep_prob, keep where
        /// U[0,1) ≥ rate, scale kept units by 1/keep_prob.
        /// </summary>
        public static Tensor dropout(object x, object keep_prob, int? seed = null, string? name = null)
        {
            var t = OpHelper.ToTensor(x);
            var graph = t.Graph;
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "dropout");
            var keep = OpHelper.ToTensor(keep_prob, t.DType.BaseType(), "keep_prob");
            var rate = subtract(1.0, keep, name: "sub");
            var noise = RandomUniformDynamic(shape(t, name: "Shape"), t.DType.BaseType(), seed, "random_uniform/RandomUniform");
            var scale = truediv(1.0, keep, name: "truediv");
            var keepMask = greater_equal(noise, rate, name: "GreaterEqual");
            var scaled = multiply(t, scale, name: "mul");
            return graph.NewOperationExact("Mul", scope.ScopeName + "/mul_1").Input(scaled).Input(cast(keepMask, t.DType.BaseType(), name: "Cast")).Finish().Output(0);
        }

        /// <summary>
        /// TF1's softmax_cross_entropy_with_logits: the labels get a StopGradient, then the v2 op.
        /// (Seed 000 passes (logits, labels) positionally, an API TF 1.x rejects; name them.)
        /// </summary>
        public static Tensor softmax_cross_entropy_with_logits(object labels, object logits, string? name = null)
        {
            var lg = OpHelper.ToTensor(logits);
            using var _ = lg.Graph.as_default();
            var lb = stop_gradient(OpHelper.ToTensor(labels, lg.DType.BaseType()), name: "labels_stop_gradient");
            return softmax_cross_entropy_with_logits_v2(lb, lg, name);
        }

        public static Tensor softmax_cross_entropy_with_logits_v2(object labels, object logits, string? name = null)
        {
            var lg = OpHelper.ToTensor(logits);
            var lb = OpHelper.ToTensor(labels, lg.DType.BaseType());
            return lg.Graph.NewOperation("SoftmaxCrossEntropyWithLogits", name ?? "softmax_cross_entropy_with_logits")
                .Input(lg).Input(lb).Finish().Output(0);
        }

        public static Tensor sparse_softmax_cross_entropy_with_logits(object labels, object logits, string? name = null)
        {
            var lg = OpHelper.ToTensor(logits);
            var lb = OpHelper.ToTensor(labels);
            if (!lb.DType.IsInteger())
                throw new TypeError($"sparse_softmax_cross_entropy_with_logits: labels must be int32 or int64 class indices, got {lb.DType.PyName()} ({lb.Name}).");
            var scopeName = name ?? "SparseSoftmaxCrossEntropyWithLogits";
            using var scope = lg.Graph.NameScope(scopeName);
            return lg.Graph.NewOperationExact("SparseSoftmaxCrossEntropyWithLogits", scope.ScopeName + "/SparseSoftmaxCrossEntropyWithLogits")
                .Input(lg).Input(lb).Finish().Output(0);
        }

        /// <summary>max(x, 0) − x·z + log(1 + exp(−|x|)), built as nn_impl.py builds it (Select-based).</summary>
        public static Tensor sigmoid_cross_entropy_with_logits(object labels, object logits, string? name = null)
        {
            var x = OpHelper.ToTensor(logits);
            var graph = x.Graph;
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "logistic_loss");
            var z = OpHelper.ToTensor(labels, x.DType.BaseType(), "labels");
            var zeros = zeros_like(x, name: "zeros_like");
            var cond = greater_equal(x, zeros, name: "GreaterEqual");
            var reluLogits = where(cond, x, zeros, name: "Select");
            var negAbsLogits = where(cond, negative(x, name: "Neg"), x, name: "Select_1");
            var a = subtract(reluLogits, multiply(x, z, name: "mul"), name: "sub");
            var b = log1p(exp(negAbsLogits, name: "Exp"), name: "Log1p");
            return graph.NewOperationExact("Add", scope.ScopeName).Input(a).Input(b).Finish().Output(0);
        }

        public static Tensor in_top_k(object predictions, object targets, int k, string? name = null)
        {
            var p = OpHelper.ToTensor(predictions);
            var t = OpHelper.ToTensor(targets);
            using var _ = p.Graph.as_default();
            var kT = constant(TensorValue.From(k).CastTo(t.DType.BaseType()), name: "k");
            return p.Graph.NewOperation("InTopKV2", name ?? "in_top_k/InTopKV2").Input(p).Input(t).Input(kT).Finish().Output(0);
        }

        public static Tensor l2_loss(object t, string? name = null) => OpHelper.Unary("L2Loss", OpHelper.ToTensor(t), name);
    }
}
