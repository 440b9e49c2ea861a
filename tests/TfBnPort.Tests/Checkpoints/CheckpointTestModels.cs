using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>
/// A small model with every kind of variable a training run checkpoints: a float32 kernel and
/// bias (get_variable), a non-trainable moving mean, an int64 global step (tf.Variable) and a
/// float64 variable; "training" steps change them all through assign ops.
/// </summary>
internal sealed class SmallModel
{
    public required Tensor X { get; init; }
    public required Tensor Output { get; init; }
    public required Variable Kernel { get; init; }
    public required Variable Bias { get; init; }
    public required Variable MovingMean { get; init; }
    public required Variable Step { get; init; }
    public required Variable Scale { get; init; }
    public required Operation[] TrainOps { get; init; }

    public Variable[] Variables => new[] { Kernel, Bias, MovingMean, Step, Scale };

    /// <summary>Builds the model in the default graph.</summary>
    public static SmallModel Build(int seed = 42)
    {
        tf.set_random_seed(seed);
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "x");
        Variable kernel, bias, movingMean;
        using (tf.variable_scope("dense"))
        {
            kernel = tf.get_variable("kernel", new[] { 3, 4 });
            bias = tf.get_variable("bias", new[] { 4 }, initializer: tf.zeros_initializer());
        }
        using (tf.variable_scope("bn"))
            movingMean = tf.get_variable("moving_mean", new[] { 4 }, initializer: tf.zeros_initializer(), trainable: false);
        var step = tf.Variable(0L, trainable: false, name: "global_step");
        var scale = tf.get_variable("scale", new[] { 2, 2 }, dtype: tf.float64, initializer: tf.ones_initializer());

        var z = tf.matmul(x, kernel) + bias.Snapshot;
        var output = tf.tanh(z - movingMean.Snapshot, name: "output");
        // Each op runs on its own, so the values after a step do not depend on scheduling.
        var trainOps = new[]
        {
            tf.assign_add(kernel, tf.random_normal(new[] { 3, 4 }, stddev: 0.1)).Op,
            tf.assign_add(bias, tf.reduce_mean(output, 0)).Op,
            tf.assign_sub(movingMean, (movingMean.Snapshot - tf.reduce_mean(z, 0)) * 0.1).Op,
            tf.assign_add(step, 1L).Op,
            tf.assign(scale, tf.multiply(scale, 1.5)).Op,
        };
        return new SmallModel { X = x, Output = output, Kernel = kernel, Bias = bias, MovingMean = movingMean, Step = step, Scale = scale, TrainOps = trainOps };
    }

    public FeedDict Feed(int salt = 0) => new() { { X, CheckpointTestSupport.Batch(5, 3, salt) } };

    /// <summary>One "training" step on batch <paramref name="salt"/>.</summary>
    public void Train(Session sess, int salt)
    {
        foreach (var op in TrainOps) sess.run(op, Feed(salt));
    }
}

/// <summary>
/// Seed 001's network in miniature: a layer with batch normalization written by hand (batch
/// moments; moving averages with decay 0.9 updated under control_dependencies when training;
/// the moving statistics at test time), ReLU, then a softmax layer. Variables are tf.Variable
/// under name scopes, so a graph built again gets the same names.
/// </summary>
internal sealed class HandBnNet
{
    public required Variable[] Variables { get; init; }
    private readonly Dictionary<string, Variable> _byName = new();

    public Variable this[string opName] => _byName[opName];

    /// <summary>Creates the variables in the default graph (hidden1/W, hidden1/pop_mean, ..., softmax_layer/W).</summary>
    public static HandBnNet CreateVariables(int seed = 7)
    {
        tf.set_random_seed(seed);
        var vars = new List<Variable>();
        using (tf.name_scope("hidden1"))
        {
            vars.Add(tf.Variable(tf.truncated_normal(new[] { 4, 3 }, stddev: 0.5), name: "W"));
            vars.Add(tf.Variable(tf.constant(0.1f, shape: new[] { 3 }), name: "b"));
            vars.Add(tf.Variable(tf.ones(new[] { 3 }), name: "gamma"));
            vars.Add(tf.Variable(tf.zeros(new[] { 3 }), name: "beta"));
            vars.Add(tf.Variable(tf.zeros(new[] { 3 }), trainable: false, name: "pop_mean"));
            vars.Add(tf.Variable(tf.ones(new[] { 3 }), trainable: false, name: "pop_var"));
        }
        using (tf.name_scope("softmax_layer"))
        {
            vars.Add(tf.Variable(tf.truncated_normal(new[] { 3, 2 }, stddev: 0.5), name: "W"));
            vars.Add(tf.Variable(tf.constant(0.1f, shape: new[] { 2 }), name: "b"));
        }
        var net = new HandBnNet { Variables = vars.ToArray() };
        foreach (var v in vars) net._byName[v.OpName] = v;
        return net;
    }

    /// <summary>The forward pass; in training it also updates the moving statistics (as the seed does).</summary>
    public Tensor Forward(Tensor x, bool isTraining)
    {
        var z = tf.matmul(x, this["hidden1/W"]) + this["hidden1/b"].Snapshot;
        Tensor bn;
        var (gamma, beta) = (this["hidden1/gamma"].Snapshot, this["hidden1/beta"].Snapshot);
        if (isTraining)
        {
            var mean = tf.reduce_mean(z, 0);
            var variance = tf.reduce_mean(tf.squared_difference(z, mean), 0);
            var popMean = this["hidden1/pop_mean"];
            var popVar = this["hidden1/pop_var"];
            var trainMean = tf.assign(popMean, popMean.Snapshot * 0.9 + mean * 0.1);
            var trainVar = tf.assign(popVar, popVar.Snapshot * 0.9 + variance * 0.1);
            using (tf.control_dependencies(new object[] { trainMean, trainVar }))
                bn = (z - mean) * tf.rsqrt(variance + 0.001) * gamma + beta;
        }
        else
        {
            bn = (z - this["hidden1/pop_mean"].Snapshot) * tf.rsqrt(this["hidden1/pop_var"].Snapshot + 0.001) * gamma + beta;
        }
        var h = tf.nn.relu(bn);
        var logits = tf.matmul(h, this["softmax_layer/W"]) + this["softmax_layer/b"].Snapshot;
        return tf.nn.softmax(logits);
    }
}
