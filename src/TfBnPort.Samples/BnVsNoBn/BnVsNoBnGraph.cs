using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.BnVsNoBn;

/// <summary>
/// Seed 003's graph: one first tanh layer h1 shared by two heads, one with a batch-norm layer
/// between the first two layers (batch statistics only, no moving averages) and one without;
/// the accuracies and the two training ops of the notebook's two training cells.
/// </summary>
public sealed class BnVsNoBnGraph
{
    public required Graph graph { get; init; }
    public required Tensor x { get; init; }
    public required Tensor y { get; init; }
    public required Tensor accuracy { get; init; }
    public required Tensor accuracy_bn { get; init; }

    /// <summary>The two networks' outputs (what `export` serves).</summary>
    public required Tensor y_logit { get; init; }
    public required Tensor y_logit_bn { get; init; }
    public Operation? train_op { get; init; }
    public Operation? train_op_bn { get; init; }

    /// <summary>Mean of each elementwise loss (added for the progress bar).</summary>
    public Tensor? loss_mean { get; init; }
    public Tensor? loss_bn_mean { get; init; }

    public required Saver saver { get; init; }

    public static Tensor fullyconnected_layer(Tensor tensor, int input_size, int out_size)
    {
        var W = tf.Variable(tf.truncated_normal([input_size, out_size], stddev: 0.1));
        var b = tf.Variable(tf.truncated_normal([out_size], stddev: 0.1));
        return tf.nn.tanh(tf.matmul(tensor, W) + b);
    }

    public static Tensor batchnorm_layer(Tensor tensor, int size)
    {
        var (batch_mean, batch_var) = tf.nn.moments(tensor, [0]);
        var beta = tf.Variable(tf.zeros([size]));
        var scale = tf.Variable(tf.ones([size]));
        return tf.nn.batch_normalization(tensor, batch_mean, batch_var, beta, scale, 0.001);
    }

    /// <summary>The whole notebook's graph; <paramref name="withTraining"/> false leaves out the two training cells' ops (eval).</summary>
    public static BnVsNoBnGraph Build(int? seed, bool withTraining = true)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        if (seed is { } s) tf.set_random_seed(s); // the notebook sets no seed

        // Заглушки для данных (placeholders for the data)
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 784));
        // заглушка для истинной разметки (placeholder for the true labels)
        var y = tf.placeholder(tf.float32, new TensorShape(-1, 10));

        // Описываю модели (the models)
        var h1 = fullyconnected_layer(x, 784, 100);

        // с нормализацией (with normalization)
        var h1_bn = batchnorm_layer(h1, 100); // нормализация между двумя промежуточными слоями
        var h2_bn = fullyconnected_layer(h1_bn, 100, 100);
        var y_logit_bn = fullyconnected_layer(h2_bn, 100, 10);

        // без нормализации (without normalization)
        var h2 = fullyconnected_layer(h1, 100, 100);
        var y_logit = fullyconnected_layer(h2, 100, 10);

        // Описываю, как замерять промежуточное качество (how intermediate quality is measured)
        var correct_prediction = tf.equal(tf.argmax(y_logit, 1), tf.argmax(y, 1));
        var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));

        var correct_prediction_bn = tf.equal(tf.argmax(y_logit_bn, 1), tf.argmax(y, 1));
        var accuracy_bn = tf.reduce_mean(tf.cast(correct_prediction_bn, tf.float32));

        Operation? train_op = null, train_op_bn = null;
        Tensor? loss_mean = null, loss_bn_mean = null;
        if (withTraining)
        {
            // Обучаю без нормализации (training without normalization)
            var loss = tf.nn.sigmoid_cross_entropy_with_logits(logits: y_logit, labels: y);
            train_op = tf.train.GradientDescentOptimizer(0.00001).minimize(loss); // было 0.01 ("it was 0.01")

            // Обучаю с нормализацией (training with normalization)
            var loss_bn = tf.nn.sigmoid_cross_entropy_with_logits(logits: y_logit_bn, labels: y);
            train_op_bn = tf.train.GradientDescentOptimizer(0.01).minimize(loss_bn);

            loss_mean = tf.reduce_mean(loss);
            loss_bn_mean = tf.reduce_mean(loss_bn);
        }
        // The notebook saves nothing; added so that eval can restore the trained networks.
        var saver = tf.train.Saver(max_to_keep: 0);
        return new BnVsNoBnGraph
        {
            graph = graph, x = x, y = y, accuracy = accuracy, accuracy_bn = accuracy_bn, y_logit = y_logit, y_logit_bn = y_logit_bn, train_op = train_op,
            train_op_bn = train_op_bn, loss_mean = loss_mean, loss_bn_mean = loss_bn_mean, saver = saver,
        };
    }
}
