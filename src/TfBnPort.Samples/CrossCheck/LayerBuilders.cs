using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// The layer calls the cross-check compares, each written as the seeds write them. With a flag
/// tensor one call takes it (a real tf.cond); with static bools a training call builds the layer
/// and an inference call (training=False) reuses its variables.
/// </summary>
internal static class LayerBuilders
{
    /// <summary>tf.layers.batch_normalization(x, momentum, epsilon, training, fused) under name "bn".</summary>
    public static BuildLayer Layers(bool? fused) => (x, flag, momentum, epsilon) =>
    {
        Tensor Call(object training, bool? reuse) =>
            tf.layers.batch_normalization(x, momentum: momentum, epsilon: epsilon, training: training, name: "bn", reuse: reuse, fused: fused);
        return Wrap("bn", flag, Call);
    };

    /// <summary>tf.contrib.layers.batch_norm(x, decay, epsilon, is_training, updates_collections, scope="BatchNorm") — default scale=False.</summary>
    public static BuildLayer Contrib(bool forceUpdates) => (x, flag, momentum, epsilon) =>
    {
        var collections = forceUpdates ? null : GraphKeys.UPDATE_OPS;
        Tensor Call(object training, bool? reuse) =>
            tf.contrib.layers.batch_norm(x, decay: momentum, epsilon: epsilon, is_training: training,
                updates_collections: collections, scope: "BatchNorm", reuse: reuse);
        return Wrap("BatchNorm", flag, Call);
    };

    /// <summary>
    /// Seed 001's hand-written BN: tf.nn.moments, then tf.assign(pop, pop*decay + batch*(1-decay))
    /// for both statistics, the normalization under control_dependencies on those assigns; at
    /// inference tf.nn.batch_normalization with the population statistics. Static bools only (as written).
    /// </summary>
    public static BuildLayer HandWritten() => (x, flag, decay, epsilon) =>
    {
        if (flag is not null) throw new ArgumentException("Seed 001's hand-written BN takes a Python bool, not a tensor.", nameof(flag));
        var channels = (int)x.Shape[-1];
        var gamma = tf.Variable(tf.ones(new[] { channels }));
        var beta = tf.Variable(tf.zeros(new[] { channels }));
        var movingMean = tf.Variable(tf.zeros(new[] { channels }), trainable: false);
        var movingVar = tf.Variable(tf.ones(new[] { channels }), trainable: false);
        var axes = Enumerable.Range(0, x.Shape.Rank - 1).ToArray();

        var (batchMean, batchVar) = tf.nn.moments(x, axes);
        var trainMean = tf.assign(movingMean, movingMean.Snapshot * decay + batchMean * (1 - decay));
        var trainVar = tf.assign(movingVar, movingVar.Snapshot * decay + batchVar * (1 - decay));
        Tensor training;
        using (tf.control_dependencies(new object[] { trainMean, trainVar }))
            training = tf.nn.batch_normalization(x, batchMean, batchVar, beta, gamma, epsilon);
        var inference = tf.nn.batch_normalization(x, movingMean, movingVar, beta, gamma, epsilon);
        return new BnLayer(training, inference, gamma, beta, movingMean, movingVar);
    };

    private static BnLayer Wrap(string scope, Tensor? flag, Func<object, bool?, Tensor> call)
    {
        Tensor training, inference;
        if (flag is not null) training = inference = call(flag, null);
        else
        {
            training = call(true, null);
            inference = call(false, true);
        }
        Variable? Find(string name) => tf.global_variables().SingleOrDefault(v => v.OpName == $"{scope}/{name}");
        return new BnLayer(training, inference, Find("gamma"), Find("beta")!, Find("moving_mean")!, Find("moving_variance")!);
    }
}
