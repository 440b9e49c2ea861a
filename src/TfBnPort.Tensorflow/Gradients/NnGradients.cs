using static TfBnPort.Tensorflow.Gradients.GradOps;

namespace TfBnPort.Tensorflow.Gradients;

/// <summary>Gradients of neural-network ops (nn_grad.py).</summary>
internal static class NnGradients
{
    public static void Register()
    {
        GradientRegistry.Register("Relu", (op, g) => new Tensor?[] { Op("ReluGrad", "ReluGrad", g[0]!, op.Outputs[0]) });
        GradientRegistry.Register("Elu", (op, g) => new Tensor?[] { Op("EluGrad", "EluGrad", g[0]!, op.Outputs[0]) });
        GradientRegistry.Register("Softmax", (op, g) =>
        {
            var softmax = op.Outputs[0];
            var sum = tf.reduce_sum(tf.multiply(g[0]!, softmax, name: "mul"), -1, keepdims: true, name: "Sum");
            return new Tensor?[] { tf.multiply(tf.subtract(g[0]!, sum, name: "sub"), softmax, name: "mul_1") };
        });
        GradientRegistry.Register("LogSoftmax", (op, g) =>
        {
            var softmax = tf.exp(op.Outputs[0], name: "Exp");
            var sum = tf.reduce_sum(g[0]!, -1, keepdims: true, name: "Sum");
            return new Tensor?[] { tf.subtract(g[0]!, tf.multiply(sum, softmax, name: "mul"), name: "sub") };
        });
        GradientRegistry.Register("BiasAdd", (op, g) =>
        {
            var grad = g[0]!;
            var biasGrad = grad.Graph.NewOperation("BiasAddGrad", "BiasAddGrad").Input(grad).Attr("data_format", "NHWC").Finish().Output(0);
            return new Tensor?[] { grad, biasGrad };
        });
        GradientRegistry.Register("SoftmaxCrossEntropyWithLogits", (op, g) =>
        {
            // The backprop output already holds softmax − labels; scale it by the loss gradient per row.
            var lossGrad = tf.expand_dims(g[0]!, -1, name: "ExpandDims");
            var logitsGrad = tf.multiply(lossGrad, op.Outputs[1], name: "mul");
            var labelsGrad = tf.multiply(lossGrad, tf.negative(tf.nn.log_softmax(op.Inputs[0], name: "LogSoftmax"), name: "Neg"), name: "mul_1");
            return new Tensor?[] { logitsGrad, labelsGrad };
        });
        GradientRegistry.Register("SparseSoftmaxCrossEntropyWithLogits", (op, g) =>
        {
            var lossGrad = tf.expand_dims(g[0]!, -1, name: "ExpandDims");
            return new Tensor?[] { tf.multiply(lossGrad, op.Outputs[1], name: "mul"), null };
        });
        GradientRegistry.Register("Conv2D", (op, g) =>
        {
            var (input, filter) = (op.Inputs[0], op.Inputs[1]);
            var grad = g[0]!;
            OpBuilder Attrs(OpBuilder b) => b.Attr("strides", op.Attr<int[]>("strides")).Attr("padding", op.Attr<string>("padding"))
                .Attr("data_format", op.Attr<string>("data_format")).Attr("use_cudnn_on_gpu", true).Attr("dilations", op.Attr<int[]>("dilations"));
            var dInput = Attrs(grad.Graph.NewOperation("Conv2DBackpropInput", "Conv2DBackpropInput")
                .Input(tf.shape(input, name: "Shape")).Input(filter).Input(grad)).Finish().Output(0);
            var dFilter = Attrs(grad.Graph.NewOperation("Conv2DBackpropFilter", "Conv2DBackpropFilter")
                .Input(input).Input(tf.shape(filter, name: "Shape_1")).Input(grad)).Finish().Output(0);
            return new Tensor?[] { dInput, dFilter };
        });
        GradientRegistry.Register("MaxPool", (op, g) =>
        {
            var grad = g[0]!;
            var dx = grad.Graph.NewOperation("MaxPoolGrad", "MaxPoolGrad").Input(op.Inputs[0]).Input(op.Outputs[0]).Input(grad)
                .Attr("ksize", op.Attr<int[]>("ksize")).Attr("strides", op.Attr<int[]>("strides"))
                .Attr("padding", op.Attr<string>("padding")).Attr("data_format", op.Attr<string>("data_format")).Finish().Output(0);
            return new Tensor?[] { dx };
        });
    }
}
