namespace TfBnPort.Tensorflow;

/// <summary>tf.GraphKeys: the standard collection names, spelled as TF1 spells them.</summary>
public static class GraphKeys
{
    public const string GLOBAL_VARIABLES = "variables";
    public const string LOCAL_VARIABLES = "local_variables";
    public const string MODEL_VARIABLES = "model_variables";
    public const string TRAINABLE_VARIABLES = "trainable_variables";
    public const string UPDATE_OPS = "update_ops";
    public const string LOSSES = "losses";
    public const string REGULARIZATION_LOSSES = "regularization_losses";
    public const string GLOBAL_STEP = "global_step";
    public const string TRAIN_OP = "train_op";
    public const string MOVING_AVERAGE_VARIABLES = "moving_average_variables";
    public const string SAVERS = "savers";
    public const string SUMMARIES = "summaries";
    public const string METRIC_VARIABLES = "metric_variables";
    public const string COND_CONTEXT = "cond_context";
    public const string WHILE_CONTEXT = "while_context";
}
