namespace TfBnPort.Tensorflow;

/// <summary>
/// contrib batch_norm's delegation to the core layer (normalization_layers.BatchNormalization with
/// momentum = decay, axis 1 for NCHW else -1, named after contrib's own "BatchNorm" scope), taken when the
/// updates go to UPDATE_OPS with no zero-debias and no batch weights. Renorm (renorm_decay as the layer's
/// renorm_momentum), adjustment and the beta/gamma regularizers are the core layer's.
/// </summary>
internal static class ContribCoreBatchNorm
{
    public static Tensor Build(Tensor inputs, ContribBatchNormArgs a, ContribRenorm renorm, bool? fused)
    {
        var graph = inputs.Graph;
        using var sc = a.Scope is null ? tf.variable_scope_default("BatchNorm", a.Reuse) : tf.variable_scope(a.Scope, a.Reuse);
        var existing = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).ToHashSet();
        var layer = new KerasBatchNorm(graph, inputs, new BatchNormOptions
        {
            Axis = a.ChannelsFirst ? 1 : -1,
            Momentum = a.Decay,
            Epsilon = a.Epsilon,
            Center = a.Center,
            Scale = a.Scale,
            BetaInitializer = a.Initializer("beta", tf.zeros_initializer()),
            GammaInitializer = a.Initializer("gamma", tf.ones_initializer()),
            MovingMeanInitializer = a.Initializer("moving_mean", tf.zeros_initializer()),
            MovingVarianceInitializer = a.Initializer("moving_variance", tf.ones_initializer()),
            BetaRegularizer = a.Regularizer("beta"),
            GammaRegularizer = a.Regularizer("gamma"),
            Trainable = a.Trainable,
            Renorm = renorm.Enabled,
            RenormClipping = renorm.Clipping,
            RenormMomentum = renorm.Decay,
            Adjustment = renorm.Adjustment,
            Fused = fused,
        });
        var (outputs, updates) = layer.Call(a.IsTraining);
        // The core layer's updates reach UPDATE_OPS only when it is trainable (Layer.updates is empty otherwise).
        if (a.Trainable)
            foreach (var u in updates) graph.AddToCollection(GraphKeys.UPDATE_OPS, u);
        // contrib's variable getter (model_variable) files each variable it creates under MODEL_VARIABLES,
        // in creation order: gamma, beta, moving_mean, moving_variance; a reused one stays where it was.
        ContribVariables.FileNewAsModelVariables(graph, existing);
        ContribVariables.AddToCollections(graph, layer.MovingMean, a.Collections("moving_mean"));
        ContribVariables.AddToCollections(graph, layer.MovingVariance, a.Collections("moving_variance"));
        if (layer.Beta is not null) ContribVariables.AddToCollections(graph, layer.Beta, a.Collections("beta"));
        if (layer.Gamma is not null) ContribVariables.AddToCollections(graph, layer.Gamma, a.Collections("gamma"));
        // _add_variable_to_collections files each part of a partitioned variable.
        foreach (var part in (IEnumerable<Variable>?)layer.BetaPartitioned ?? Array.Empty<Variable>())
            ContribVariables.AddToCollections(graph, part, a.Collections("beta"));
        foreach (var part in (IEnumerable<Variable>?)layer.GammaPartitioned ?? Array.Empty<Variable>())
            ContribVariables.AddToCollections(graph, part, a.Collections("gamma"));
        if (a.Activation is not null) outputs = a.Activation(outputs, null);
        return ContribVariables.CollectNamedOutputs(graph, a.OutputsCollections, outputs);
    }
}
