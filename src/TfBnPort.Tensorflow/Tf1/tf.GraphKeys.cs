namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.GraphKeys, as the seeds spell it (the same names as <see cref="TfBnPort.Tensorflow.GraphKeys"/>).</summary>
    public static class GraphKeys
    {
        public const string GLOBAL_VARIABLES = TfBnPort.Tensorflow.GraphKeys.GLOBAL_VARIABLES;
        public const string LOCAL_VARIABLES = TfBnPort.Tensorflow.GraphKeys.LOCAL_VARIABLES;
        public const string MODEL_VARIABLES = TfBnPort.Tensorflow.GraphKeys.MODEL_VARIABLES;
        public const string TRAINABLE_VARIABLES = TfBnPort.Tensorflow.GraphKeys.TRAINABLE_VARIABLES;
        public const string UPDATE_OPS = TfBnPort.Tensorflow.GraphKeys.UPDATE_OPS;
        public const string LOSSES = TfBnPort.Tensorflow.GraphKeys.LOSSES;
        public const string REGULARIZATION_LOSSES = TfBnPort.Tensorflow.GraphKeys.REGULARIZATION_LOSSES;
        public const string GLOBAL_STEP = TfBnPort.Tensorflow.GraphKeys.GLOBAL_STEP;
        public const string TRAIN_OP = TfBnPort.Tensorflow.GraphKeys.TRAIN_OP;
        public const string MOVING_AVERAGE_VARIABLES = TfBnPort.Tensorflow.GraphKeys.MOVING_AVERAGE_VARIABLES;
        public const string SAVERS = TfBnPort.Tensorflow.GraphKeys.SAVERS;
        public const string SUMMARIES = TfBnPort.Tensorflow.GraphKeys.SUMMARIES;
        public const string METRIC_VARIABLES = TfBnPort.Tensorflow.GraphKeys.METRIC_VARIABLES;
        public const string COND_CONTEXT = TfBnPort.Tensorflow.GraphKeys.COND_CONTEXT;
        public const string WHILE_CONTEXT = TfBnPort.Tensorflow.GraphKeys.WHILE_CONTEXT;
    }
}
