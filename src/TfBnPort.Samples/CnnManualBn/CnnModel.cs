using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CnnManualBn;

/// <summary>
/// Seed 001's model functions: weight_variable, bias_variable, conv2d, max_pool_2x2, the
/// hand-written batch norm in conv_relu_pool, and cnnLayer. Every tf.Variable goes through
/// <see cref="CnnVariables"/>, which creates it (as written) or hands out a trained one (as intended).
/// </summary>
public static class CnnModel
{
    public const double decay = 0.9;
    public const double epsilon = 0.001;

    // Create weights
    public static Variable weight_variable(int[] shape)
    {
        var initial = tf.truncated_normal(shape, stddev: 0.01);
        return tf.Variable(initial, name: "weights");
    }

    // Create biases
    public static Variable bias_variable(int[] shape)
    {
        var initial = tf.constant(0.01f, shape: shape);
        return tf.Variable(initial, name: "biases");
    }

    // Convolutional function
    public static Tensor conv2d(Tensor x, Tensor W) => tf.nn.conv2d(x, W, strides: [1, 1, 1, 1], padding: "SAME");

    // Max pool function
    public static Tensor max_pool_2x2(Tensor x) => tf.nn.max_pool(x, ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "SAME");

    /// <param name="x">The layer's input images (NHWC).</param>
    /// <param name="kernel_shape">The conv weights' shape [height, width, in_channels, out_channels].</param>
    /// <param name="bias_shape">The shape [out_channels] of the biases and of BN's gamma, beta and moving statistics.</param>
    /// <param name="is_training">True: normalize with the batch moments and update the moving ones; false: use the moving ones.</param>
    /// <param name="vars">Creates the layer's variables, or hands back the training network's (so test shares them).</param>
    /// <param name="bnLayers">Receives the layer's BN input, output and variables (for TensorBoard; builds nothing).</param>
    public static Tensor conv_relu_pool(Tensor x, int[] kernel_shape, int[] bias_shape, bool is_training, CnnVariables vars,
        ICollection<BnLayerTensors>? bnLayers = null)
    {
        // Create variable named "weights".
        var weights = vars.Get(() => weight_variable(kernel_shape));
        // Create variable named "biases".
        var biases = vars.Get(() => bias_variable(bias_shape));
        // Create two new parameters, gamma and beta (shift)
        // The bias for batch normalization
        var gamma = vars.Get(() => tf.Variable(tf.ones(bias_shape)));
        var beta = vars.Get(() => tf.Variable(tf.zeros(bias_shape)));
        var conv = conv2d(x, weights);
        var z = conv + biases;
        var moving_mean = vars.Get(() => tf.Variable(tf.zeros([(int)z.get_shape()[-1]]), trainable: false));
        var moving_var = vars.Get(() => tf.Variable(tf.ones([(int)z.get_shape()[-1]]), trainable: false));
        var axis = Enumerable.Range(0, z.get_shape().Rank - 1).ToArray();
        Tensor bn;
        // If training
        if (is_training)
        {
            var (batch_mean, batch_var) = tf.nn.moments(z, axis);
            var train_mean = tf.assign(moving_mean, moving_mean.Snapshot * decay + batch_mean * (1 - decay));
            var train_var = tf.assign(moving_var, moving_var.Snapshot * decay + batch_var * (1 - decay));
            using (tf.control_dependencies([train_mean, train_var]))
                bn = tf.nn.batch_normalization(z, batch_mean, batch_var, beta, gamma, epsilon);
        }
        else
        {
            bn = tf.nn.batch_normalization(z, moving_mean, moving_var, beta, gamma, epsilon);
        }
        bnLayers?.Add(new BnLayerTensors(x.Graph.NameStack, z, bn, [gamma, beta, moving_mean, moving_var]));
        // Activation
        var relu = tf.nn.relu(bn);
        var pool = max_pool_2x2(relu);
        return pool;
    }

    public static Tensor cnnLayer(Tensor x, Tensor keep_prob, bool is_training, CnnVariables vars, ICollection<BnLayerTensors>? bnLayers = null)
    {
        var x_image = tf.reshape(x, new[] { -1, 28, 28, 1 });
        Tensor h_pool1, h_pool2, h_fc1_drop, logits;
        // First Conv
        using (tf.name_scope("hidden1"))
        {
            var (kernel_shape, bias_shape) = (new[] { 5, 5, 1, 32 }, new[] { 32 });
            h_pool1 = conv_relu_pool(x_image, kernel_shape, bias_shape, is_training, vars, bnLayers);
        }
        // Second Conv
        using (tf.name_scope("hidden2"))
        {
            var (kernel_shape, bias_shape) = (new[] { 5, 5, 32, 64 }, new[] { 64 });
            h_pool2 = conv_relu_pool(h_pool1, kernel_shape, bias_shape, is_training, vars, bnLayers);
        }
        // Fully Connected Layer
        using (tf.name_scope("fully_connected"))
        {
            var W_fc1 = vars.Get(() => weight_variable([7 * 7 * 64, 1024]));
            var b_fc1 = vars.Get(() => bias_variable([1024]));
            var h_pool2_flat = tf.reshape(h_pool2, new[] { -1, 7 * 7 * 64 });
            var h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1);
            // Dropout, to prevent against overfitting
            h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob);
        }
        // Softmax Layer
        using (tf.variable_scope("softmax_layer"))
        {
            var W_fc2 = vars.Get(() => weight_variable([1024, 10]));
            var b_fc2 = vars.Get(() => bias_variable([10]));
            logits = tf.matmul(h_fc1_drop, W_fc2) + b_fc2;
        }
        return tf.nn.softmax(logits);
    }
}
