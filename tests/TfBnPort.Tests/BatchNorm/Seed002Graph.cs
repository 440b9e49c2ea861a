using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>Seed 002's graph (Géron ch. 11), built as the document writes it.</summary>
internal sealed class Seed002Graph
{
    public Seed002Graph()
    {
        X = tf.placeholder(tf.float32, new TensorShape(-1, 784), name: "X");
        Y = tf.placeholder(tf.int32, name: "y");
        Training = tf.placeholder_with_default(false, TensorShape.Scalar, name: "training");
        Tensor logits;
        using (tf.name_scope("dnn"))
        {
            var heInit = tf.variance_scaling_initializer();
            Tensor BatchNorm(Tensor t) => tf.layers.batch_normalization(t, training: Training, momentum: 0.9);
            Tensor Dense(Tensor t, int units, string name) => tf.layers.dense(t, units, kernel_initializer: heInit, name: name);
            var hidden1 = Dense(X, 300, "hidden1");
            var bn1 = tf.nn.elu(BatchNorm(hidden1));
            var hidden2 = Dense(bn1, 100, "hidden2");
            var bn2 = tf.nn.elu(BatchNorm(hidden2));
            var logitsBeforeBn = Dense(bn2, 10, "outputs");
            logits = BatchNorm(logitsBeforeBn);
        }
        using (tf.name_scope("loss"))
        {
            var xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: Y, logits: logits);
            Loss = tf.reduce_mean(xentropy, name: "loss");
        }
        using (tf.name_scope("train"))
            TrainingOp = tf.train.GradientDescentOptimizer(0.01).minimize(Loss);
        ExtraUpdateOps = tf.get_collection(GraphKeys.UPDATE_OPS);
    }

    public Tensor X { get; }
    public Tensor Y { get; }
    public Tensor Training { get; }
    public Tensor Loss { get; }
    public Operation TrainingOp { get; }
    public List<object> ExtraUpdateOps { get; }
}
