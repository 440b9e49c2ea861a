namespace TfBnPort.Tensorflow;

/// <summary>The options of one tf.contrib.layers.batch_norm call, shared by its three paths.</summary>
internal sealed record ContribBatchNormArgs(
    double Decay, bool Center, bool Scale, double Epsilon, Func<Tensor, string?, Tensor>? Activation,
    IReadOnlyDictionary<string, IInitializer> Initializers, IReadOnlyDictionary<string, Func<Tensor, Tensor>> Regularizers,
    string? UpdatesCollections, object IsTraining, bool? Reuse, object? VariablesCollections, IEnumerable<string>? OutputsCollections,
    bool Trainable, string DataFormat, bool ZeroDebias, string? Scope)
{
    public const string NHWC = "NHWC";
    public const string NCHW = "NCHW";

    public bool ChannelsFirst => DataFormat == NCHW;

    /// <summary>
    /// contrib's utils.smart_cond/constant_value treat a Variable as a tensor with no constant value:
    /// tf.cond then reads it through its "read" snapshot, so feeding the variable switches the mode.
    /// </summary>
    public static object TrainingFlag(object isTraining) => isTraining switch
    {
        Variable v => v.Snapshot,
        bool or Tensor => isTraining,
        _ => throw new TypeError($"is_training must be a bool, a bool Tensor or a Variable, got {isTraining.GetType().Name}."),
    };

    /// <summary>The initializer given in param_initializers for <paramref name="name"/>, else TF's default.</summary>
    public IInitializer Initializer(string name, IInitializer fallback) => Initializers.TryGetValue(name, out var init) ? init : fallback;

    public Func<Tensor, Tensor>? Regularizer(string name) => Regularizers.TryGetValue(name, out var reg) ? reg : null;

    /// <summary>
    /// utils.get_variable_collections: a dictionary maps each variable's short name to its list (none when
    /// absent); a plain list of collections applies to every variable.
    /// </summary>
    public IReadOnlyList<string> Collections(string name) => VariablesCollections switch
    {
        null => Array.Empty<string>(),
        IReadOnlyDictionary<string, string[]> byName => byName.TryGetValue(name, out var list) ? list : Array.Empty<string>(),
        IDictionary<string, string[]> byName => byName.TryGetValue(name, out var list) ? list : Array.Empty<string>(),
        string single => new[] { single },
        IEnumerable<string> all => all.ToList(),
        _ => throw new TypeError($"variables_collections must be a list of collection names or a dictionary from variable name to such a list, got {VariablesCollections.GetType().Name}."),
    };
}

/// <summary>The options only the core layer implements: batch renormalization and the adjustment function.</summary>
internal sealed record ContribRenorm(bool Enabled, IReadOnlyDictionary<string, object>? Clipping, double Decay,
    Func<Tensor, (Tensor Scale, Tensor Bias)>? Adjustment);
