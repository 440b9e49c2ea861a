using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// Seed 000's graph, shrunk (20 features, 16 hidden units, no dropout): variables made by the
/// seed's initialize() with get_variable, then the model re-enters each scope with reuse=True and
/// calls tf.contrib.layers.batch_norm(decay=0.9, is_training, UPDATE_OPS, scope, reuse=True).
/// The cut-off moving_mean/moving_variance lines are completed with trainable=False.
/// </summary>
internal sealed class Seed000Graph
{
    public const int Batch = 64, Features = 20, Hidden = 16, Classes = 10;
    public static readonly string[] Scopes = { "hidden_layer", "output_layer" };

    public Seed000Graph(bool optimizerDependsOnUpdates = false)
    {
        X = tf.placeholder(tf.float32, new TensorShape(Batch, Features), name: "X");
        Labels = tf.placeholder(tf.float32, new TensorShape(Batch, Classes), name: "y");
        Initialize("hidden_layer", new[] { Features, Hidden });
        Initialize("output_layer", new[] { Hidden, Classes });
        var trainLogits = Model(X, isTraining: true);
        Loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels: Labels, logits: trainLogits));
        ValidLogits = Model(X, isTraining: false);
        var globalStep = tf.Variable(0);
        var learningRate = tf.train.exponential_decay(0.001, globalStep, decay_steps: 500, decay_rate: 0.95, staircase: true);
        using (tf.control_dependencies(optimizerDependsOnUpdates ? tf.get_collection(GraphKeys.UPDATE_OPS) : new List<object>()))
            Optimizer = tf.train.AdamOptimizer(learningRate).minimize(Loss, global_step: globalStep);
    }

    public Tensor X { get; }
    public Tensor Labels { get; }
    public Tensor Loss { get; }
    public Tensor ValidLogits { get; }
    public Operation Optimizer { get; }

    private static void Initialize(string scope, int[] shape)
    {
        using var _ = tf.variable_scope(scope);
        var n = new[] { shape[^1] };
        tf.get_variable("weights", shape, initializer: tf.truncated_normal_initializer(stddev: 0.1));
        tf.get_variable("biases", n, initializer: tf.constant_initializer(1.0));
        tf.get_variable("beta", n, initializer: tf.constant_initializer(0.0));
        tf.get_variable("gamma", n, initializer: tf.constant_initializer(1.0));
        tf.get_variable("moving_mean", n, initializer: tf.constant_initializer(0.0), trainable: false);
        tf.get_variable("moving_variance", n, initializer: tf.constant_initializer(1.0), trainable: false);
    }

    private static Tensor Model(Tensor x, bool isTraining)
    {
        var output = x;
        foreach (var scope in Scopes)
        {
            Tensor wt, bi;
            using (tf.variable_scope(scope, reuse: true))
            {
                wt = tf.get_variable("weights");
                bi = tf.get_variable("biases");
            }
            output = tf.matmul(output, wt) + bi;
            output = tf.contrib.layers.batch_norm(output, decay: 0.9, is_training: isTraining,
                updates_collections: GraphKeys.UPDATE_OPS, scope: scope, reuse: true);
            output = tf.nn.relu(output);
        }
        return output;
    }
}
