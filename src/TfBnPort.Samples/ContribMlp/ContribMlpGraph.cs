using NumSharp;
using TfBnPort.Tensorflow;
using static TfBnPort.Samples.ContribMlp.ContribMlpModel;

namespace TfBnPort.Samples.ContribMlp;

/// <summary>
/// Seed 000's "Construire un graphique": the model built three times (train, valid, test) on
/// shared variables, Adam with exponential decay. <see cref="Build"/>'s <c>runUpdateOps</c>
/// chooses as written (false) or as intended (the optimizer under control_dependencies(UPDATE_OPS)).
/// </summary>
public sealed class ContribMlpGraph
{
    public const double init_lr = 0.001;

    public required Graph graph { get; init; }
    public required Tensor tf_train_X { get; init; }
    public required Tensor tf_train_y { get; init; }
    public required Tensor keep_prob { get; init; }
    public required Tensor train_loss { get; init; }
    public required Tensor train_accuracy { get; init; }
    public required Tensor valid_accuracy { get; init; }
    public required Tensor test_accuracy { get; init; }
    public required Tensor learning_rate { get; init; }
    public required Operation optimizer { get; init; }

    /// <summary>The Adam optimizer (a SyncReplicasOptimizer around it for synchronous cluster training).</summary>
    public required Optimizer train_optimizer { get; init; }
    public required Operation init { get; init; }
    public required Saver saver { get; init; }

    /// <summary>The training model's batch-norm layers, for the TensorBoard histograms.</summary>
    public required IReadOnlyList<BnLayerTensors> BnLayers { get; init; }

    /// <summary>The step counter the learning rate decays with (tf.train's global_step when built for a cluster).</summary>
    public required Variable global_step { get; init; }

    /// <summary>
    /// <paramref name="replica"/> builds it for between-graph replication: everything under
    /// tf.device(replica_device_setter), the decay counted on tf.train's global_step (shared by every
    /// worker, and what StopAtStepHook watches) instead of the document's tf.Variable(0), the optimizer possibly wrapped.
    /// </summary>
    public static ContribMlpGraph Build(ContribMlpData data, int batch_size, int? seed, bool runUpdateOps, ReplicaSetup? replica = null)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        using var placement = replica is null ? null : tf.device(replica.DeviceFunction);
        if (seed is { } s) tf.set_random_seed(s); // the document sets no seed
        // prepare input tensor
        var tf_train_X = tf.placeholder(tf.float32, shape: new TensorShape(batch_size, num_features));
        var tf_train_y = tf.placeholder(tf.float32, shape: new TensorShape(batch_size, num_classes));
        var (tf_valid_X, tf_valid_y) = (tf.constant(data.valid_X), tf.constant(data.valid_y));
        var (tf_test_X, tf_test_y) = (tf.constant(data.test_X), tf.constant(data.test_y));

        // setup layers
        var layers = Layers();
        // initialize layers
        foreach (var layer in layers)
            initialize(layer.scope, layer.shape, layer.initializer);

        // build model - for each layer: -> X -> X*wt+bi -> batch_norm -> activation -> dropout (if not output layer) ->
        var layer_scopes = layers.Select(layer => layer.scope).ToArray();

        // setup keep_prob
        var keep_prob = tf.placeholder(tf.float32);
        // compute loss, make predictions
        var bnLayers = new List<BnLayerTensors>();
        var train_logits = model(tf_train_X, layer_scopes, true, keep_prob, bnLayers: bnLayers);
        // The document passes (train_logits, tf_train_y) positionally, which TF 1.x refuses ("Only call
        // softmax_cross_entropy_with_logits with named arguments"); named here as meant.
        var train_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels: tf_train_y, logits: train_logits));
        var train_pred = tf.nn.softmax(train_logits);
        var valid_logits = model(tf_valid_X, layer_scopes, false, keep_prob);
        var valid_pred = tf.nn.softmax(valid_logits);
        var test_logits = model(tf_test_X, layer_scopes, false, keep_prob);
        var test_pred = tf.nn.softmax(test_logits);

        var train_accuracy = compute_accuracy(train_pred, tf_train_y);
        var valid_accuracy = compute_accuracy(valid_pred, tf_valid_y);
        var test_accuracy = compute_accuracy(test_pred, tf_test_y);

        // setup learning rate, optimizer
        var global_step = replica is null ? tf.Variable(0) : tf.train.get_or_create_global_step();
        var learning_rate = tf.train.exponential_decay(init_lr, global_step, decay_steps: 500, decay_rate: 0.95, staircase: true);
        Optimizer adam = tf.train.AdamOptimizer(learning_rate);
        if (replica?.WrapOptimizer is { } wrap) adam = wrap(adam);
        Operation optimizer;
        if (!runUpdateOps)
        {
            // As written: nothing runs the UPDATE_OPS that batch_norm collected.
            optimizer = adam.minimize(train_loss, global_step: global_step);
        }
        else
        {
            // As intended: every training step first runs the moving-average updates.
            using (tf.control_dependencies(tf.get_collection(GraphKeys.UPDATE_OPS)))
                optimizer = adam.minimize(train_loss, global_step: global_step);
        }
        // The extract has no initializer run (its session starts training at once, which would fail
        // on uninitialized variables) and no Saver; both added.
        var init = tf.global_variables_initializer();
        var saver = tf.train.Saver();
        return new ContribMlpGraph
        {
            graph = graph, tf_train_X = tf_train_X, tf_train_y = tf_train_y, keep_prob = keep_prob,
            train_loss = train_loss, train_accuracy = train_accuracy, valid_accuracy = valid_accuracy,
            test_accuracy = test_accuracy, learning_rate = learning_rate, optimizer = optimizer, init = init, saver = saver,
            BnLayers = bnLayers, global_step = global_step, train_optimizer = adam,
        };
    }

    /// <summary>The test branch alone, on a placeholder instead of a constant (what eval restores into).</summary>
    public static (Graph Graph, Tensor X, Tensor y, Tensor keep_prob, Tensor accuracy, Saver saver) BuildInference()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var tf_test_X = tf.placeholder(tf.float32, shape: new TensorShape(-1, num_features));
        var tf_test_y = tf.placeholder(tf.float32, shape: new TensorShape(-1, num_classes));
        var layers = Layers();
        foreach (var layer in layers)
            initialize(layer.scope, layer.shape, layer.initializer);
        var keep_prob = tf.placeholder(tf.float32);
        var test_logits = model(tf_test_X, layers.Select(l => l.scope).ToArray(), false, keep_prob);
        var test_accuracy = compute_accuracy(tf.nn.softmax(test_logits), tf_test_y);
        return (graph, tf_test_X, tf_test_y, keep_prob, test_accuracy, tf.train.Saver());
    }
}
