using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.GeronDnn;

/// <summary>
/// Seed 002's graph (the second, full program: <c>reset_graph()</c> … <c>saver=tf.train.Saver()</c>),
/// built into its own tf.Graph. The document's first, short snippet feeds <c>X</c> into
/// <c>hidden2</c> (a typo: it should be <c>bn1_act</c>); it is not ported.
/// </summary>
public sealed class GeronDnnGraph
{
    public const int n_inputs = 28 * 28;
    public const int n_hidden1 = 300;
    public const int n_hidden2 = 100;
    public const int n_outputs = 10;
    public const double batch_norm_momentum = 0.9;
    public const double learning_rate = 0.01;

    private GeronDnnGraph() { }

    public required Graph Graph { get; init; }
    public required Tensor X { get; init; }
    public required Tensor y { get; init; }
    public required Tensor training { get; init; }
    public required Tensor logits { get; init; }
    public required Tensor loss { get; init; }
    public required Tensor accuracy { get; init; }

    /// <summary>Null in the inference graph that eval builds.</summary>
    public Operation? training_op { get; init; }

    /// <summary>Only with a <see cref="ReplicaSetup"/>: the shared step the workers advance.</summary>
    public Variable? global_step { get; init; }

    /// <summary>The optimizer after <see cref="ReplicaSetup.WrapOptimizer"/> (a SyncReplicasOptimizer needs its hook).</summary>
    public Optimizer? optimizer { get; init; }

    public required Operation init { get; init; }
    public required Saver saver { get; init; }

    /// <summary>The three batch-norm layers (input, output, variables), for the TensorBoard histograms.</summary>
    public required IReadOnlyList<BnLayerTensors> BnLayers { get; init; }

    /// <summary>
    /// Builds the graph with graph seed <paramref name="seed"/> (reset_graph's tf.set_random_seed(42)).
    /// <paramref name="withTraining"/> false leaves out the "train" scope (eval restores into it).
    /// <paramref name="replica"/> builds it for between-graph replication, as one would in Python:
    /// everything under `with tf.device(replica_device_setter(...))`, a global_step, the optimizer
    /// possibly wrapped (SyncReplicasOptimizer).
    /// </summary>
    public static GeronDnnGraph Build(int? seed, bool withTraining = true, ReplicaSetup? replica = null)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        using var placement = replica is null ? null : tf.device(replica.DeviceFunction);
        if (seed is { } s) tf.set_random_seed(s);
        var global_step = replica is null ? null : tf.train.get_or_create_global_step();

        var X = tf.placeholder(tf.float32, shape: new TensorShape(-1, n_inputs), name: "X");
        var y = tf.placeholder(tf.int32, shape: null, name: "y"); // shape=(None) is just None in Python: any shape
        var training = tf.placeholder_with_default(false, shape: TensorShape.Scalar, name: "training");
        Tensor logits;
        var bnLayers = new List<(Tensor Before, Tensor After)>();
        using (tf.name_scope("dnn"))
        {
            var he_init = tf.variance_scaling_initializer();
            // Python's partial(...): the same keyword arguments at every call.
            Tensor my_batch_norm_layer(Tensor inputs)
            {
                var output = tf.layers.batch_normalization(inputs, training: training, momentum: batch_norm_momentum);
                bnLayers.Add((inputs, output)); // remembered for TensorBoard; builds nothing
                return output;
            }
            Tensor my_dense_layer(Tensor inputs, int units, string name) =>
                tf.layers.dense(inputs, units, kernel_initializer: he_init, name: name);

            var hidden1 = my_dense_layer(X, n_hidden1, name: "hidden1");
            var bn1 = tf.nn.elu(my_batch_norm_layer(hidden1));
            var hidden2 = my_dense_layer(bn1, n_hidden2, name: "hidden2");
            var bn2 = tf.nn.elu(my_batch_norm_layer(hidden2));
            var logits_before_bn = my_dense_layer(bn2, n_outputs, name: "outputs");
            logits = my_batch_norm_layer(logits_before_bn);
        }
        Tensor loss;
        using (tf.name_scope("loss"))
        {
            var xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: y, logits: logits);
            loss = tf.reduce_mean(xentropy, name: "loss");
        }
        Operation? training_op = null;
        Optimizer? optimizer = null;
        if (withTraining)
        {
            using (tf.name_scope("train"))
            {
                optimizer = tf.train.GradientDescentOptimizer(learning_rate);
                if (replica?.WrapOptimizer is { } wrap) optimizer = wrap(optimizer);
                training_op = optimizer.minimize(loss, global_step: global_step);
            }
        }
        Tensor accuracy;
        using (tf.name_scope("eval"))
        {
            var correct = tf.nn.in_top_k(logits, y, 1);
            accuracy = tf.reduce_mean(tf.cast(correct, tf.float32));
        }
        var init = tf.global_variables_initializer();
        var saver = tf.train.Saver();
        return new GeronDnnGraph
        {
            Graph = graph, X = X, y = y, training = training, logits = logits, loss = loss,
            accuracy = accuracy, training_op = training_op, init = init, saver = saver,
            global_step = global_step, optimizer = optimizer,
            // tf.layers names its variables batch_normalization, batch_normalization_1, ... (no name scope prefix).
            BnLayers = bnLayers.Select((l, i) =>
            {
                var scope = i == 0 ? "batch_normalization" : $"batch_normalization_{i}";
                return new BnLayerTensors(scope, l.Before, l.After, BnLayerTensors.VariablesUnder(graph, scope));
            }).ToList(),
        };
    }
}
