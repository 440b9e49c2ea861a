using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.ContribMlp;

/// <summary>
/// Seed 000's layers: <c>initialize</c> (the variables, by tf.get_variable under tf.variable_scope)
/// and <c>model</c> (X·wt+bi → contrib batch_norm(reuse=True) → ReLU → dropout), shared by the
/// training graph and the inference graph eval builds.
/// </summary>
public static class ContribMlpModel
{
    public const int num_features = 28 * 28; // train_X.shape[1]
    public const int hidden_layer_size = 1024;
    public const int num_classes = ContribMlpData.num_classes;

    public sealed record Layer(string scope, int[] shape, IInitializer initializer);

    /// <summary>
    /// The `layers` list. Its lines are cut off before the initializer; tf.contrib.layers.xavier_initializer()
    /// (glorot uniform, also get_variable's default) is assumed.
    /// </summary>
    public static Layer[] Layers() =>
    [
        new("hidden_layer", [num_features, hidden_layer_size], tf.glorot_uniform_initializer()),
        new("output_layer", [hidden_layer_size, num_classes], tf.glorot_uniform_initializer()),
    ];

    /// <summary>Une fonction d'initialisation: creates weights, biases, beta, gamma, moving_mean, moving_variance in <paramref name="scope"/>.</summary>
    public static void initialize(string scope, int[] shape, IInitializer wt_initializer, bool center = true, bool scale = true)
    {
        using var sp = tf.variable_scope(scope, reuse: null);
        tf.get_variable("weights", shape, initializer: wt_initializer);
        tf.get_variable("biases", [shape[^1]], initializer: tf.constant_initializer(1.0));
        if (center) tf.get_variable("beta", [shape[^1]], initializer: tf.constant_initializer(0.0));
        // batch_norm below keeps its default scale=False, so this gamma is created but never used (nor trained).
        if (scale) tf.get_variable("gamma", [shape[^1]], initializer: tf.constant_initializer(1.0));
        // Both lines are cut off after `initializer=...), \`; trainable=False (moving statistics) is assumed.
        tf.get_variable("moving_mean", [shape[^1]], initializer: tf.constant_initializer(0.0), trainable: false);
        tf.get_variable("moving_variance", [shape[^1]], initializer: tf.constant_initializer(1.0), trainable: false);
    }

    /// <summary>For each layer: X → X*wt+bi → batch_norm → ReLU → dropout (not after the output layer).</summary>
    /// <param name="X">The flattened input images [batch, 784].</param>
    /// <param name="layer_scopes">The variable scopes of the layers, in order, whose variables were already created (reused here).</param>
    /// <param name="is_training">True: batch_norm uses the batch moments and adds its moving-average updates to UPDATE_OPS.</param>
    /// <param name="keep_prob">The dropout keep probability (fed: below 1 when training, 1 when testing).</param>
    /// <param name="decay">batch_norm's moving-average decay.</param>
    /// <param name="bnLayers">Receives each layer's batch_norm input and output (for TensorBoard; builds nothing).</param>
    public static Tensor model(Tensor X, string[] layer_scopes, bool is_training, Tensor keep_prob, double decay = 0.9,
        ICollection<BnLayerTensors>? bnLayers = null)
    {
        var output_X = X;
        foreach (var scope in layer_scopes)
        {
            // X*wt+bi
            Variable wt, bi;
            using (tf.variable_scope(scope, reuse: true))
            {
                wt = tf.get_variable("weights");
                bi = tf.get_variable("biases");
            }
            output_X = tf.matmul(output_X, wt) + bi;
            // Insert Batch Normalization
            // set `updates_collections=None` to force updates in place however it comes with speed penalty
            // (The document writes ops.GraphKeys.UPDATE_OPS without importing `ops`; it is tf.GraphKeys.UPDATE_OPS.)
            var before = output_X;
            output_X = tf.contrib.layers.batch_norm(output_X, decay: decay, is_training: is_training,
                updates_collections: GraphKeys.UPDATE_OPS, scope: scope, reuse: true);
            bnLayers?.Add(new BnLayerTensors(scope, before, output_X, BnLayerTensors.VariablesUnder(X.Graph, scope)));
            // ReLu activation
            output_X = tf.nn.relu(output_X);
            // Dropout for all non-output layers
            if (scope != layer_scopes[^1])
                output_X = tf.nn.dropout(output_X, keep_prob);
        }
        return output_X;
    }

    // compute accuracy
    public static Tensor compute_accuracy(Tensor predictions, Tensor labels)
    {
        var correct_predictions = tf.equal(tf.argmax(predictions, 1), tf.argmax(labels, 1));
        var accuracy = tf.reduce_mean(tf.cast(correct_predictions, tf.float32));
        return accuracy;
    }
}
