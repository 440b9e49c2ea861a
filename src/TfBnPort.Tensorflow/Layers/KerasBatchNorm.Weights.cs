namespace TfBnPort.Tensorflow;

internal sealed partial class KerasBatchNorm
{
    /// <summary>
    /// build's add_weight calls, in TF's order: gamma, beta, moving_mean, moving_variance, and with
    /// renorm moving_stddev, renorm_mean, renorm_stddev (op creation order drives random seeds).
    /// Without scale/center the fused path makes its constant 1/0 in the variable's place.
    /// </summary>
    private void CreateWeights(int[] paramShape, DType dtype)
    {
        var scope = tf.get_variable_scope();
        var partitioner = scope.Partitioner;
        if (_o.Scale)
        {
            if (partitioner is null) Gamma = AddWeight("gamma", paramShape, dtype, _o.GammaInitializer ?? tf.ones_initializer(), trainable: true, _o.GammaRegularizer);
            else GammaPartitioned = AddPartitionedWeight("gamma", paramShape, dtype, _o.GammaInitializer ?? tf.ones_initializer(), _o.GammaRegularizer);
        }
        else if (Fused) _gammaConst = tf.constant(TensorValue.From(1.0).CastTo(dtype), shape: paramShape, name: "Const");
        if (_o.Center)
        {
            if (partitioner is null) Beta = AddWeight("beta", paramShape, dtype, _o.BetaInitializer ?? tf.zeros_initializer(), trainable: true, _o.BetaRegularizer);
            else BetaPartitioned = AddPartitionedWeight("beta", paramShape, dtype, _o.BetaInitializer ?? tf.zeros_initializer(), _o.BetaRegularizer);
        }
        else if (Fused) _betaConst = tf.constant(TensorValue.From(0.0).CastTo(dtype), shape: paramShape, name: "Const");
        // normalization.py disables the scope's partitioner for the moving statistics (and renorm's), then restores it.
        scope.set_partitioner(null);
        try
        {
            CreateStatistics(paramShape, dtype);
        }
        finally
        {
            scope.set_partitioner(partitioner);
        }
    }

    private void CreateStatistics(int[] paramShape, DType dtype)
    {
        var movingMeanInit = _o.MovingMeanInitializer ?? tf.zeros_initializer();
        var movingVarianceInit = _o.MovingVarianceInitializer ?? tf.ones_initializer();
        MovingMean = AddWeight("moving_mean", paramShape, dtype, movingMeanInit, trainable: false, null);
        MovingVariance = AddWeight("moving_variance", paramShape, dtype, movingVarianceInit, trainable: false, null);
        if (!_o.Renorm) return;
        // Batch renorm tracks the inference stddev (initialized to √ of the variance initializer's value)
        // instead of the variance, and keeps its own training-time mean and stddev, each colocated as in TF.
        var stddevInit = new FuncInitializer((s, d) => tf.sqrt(movingVarianceInit.Call(s, d)));
        using (MovingVariance.Graph.colocate_with(MovingVariance))
            MovingStddev = AddWeight("moving_stddev", paramShape, dtype, stddevInit, trainable: false, null);
        using (MovingMean.Graph.colocate_with(MovingMean))
            RenormMean = AddWeight("renorm_mean", paramShape, dtype, movingMeanInit, trainable: false, null);
        using (MovingStddev.Graph.colocate_with(MovingStddev))
            RenormStddev = AddWeight("renorm_stddev", paramShape, dtype, stddevInit, trainable: false, null);
    }

    /// <summary>
    /// tf.layers' add_weight: get_variable in the current scope (trainable only if the layer is);
    /// a regularizer makes its loss under "NAME/Regularizer" for a newly created variable only, and
    /// files it under REGULARIZATION_LOSSES (tf.layers' add_loss).
    /// </summary>
    /// <summary>
    /// add_weight under a partitioner: a PartitionedVariable whose parts the layer tracks as its weights;
    /// a regularizer adds one loss per newly created part, under "NAME/Regularizer" (keras'
    /// _handle_weight_regularization).
    /// </summary>
    private PartitionedVariable AddPartitionedWeight(string name, int[] shape, DType dtype, IInitializer initializer, Func<Tensor, Tensor>? regularizer)
    {
        var graph = tf.get_default_graph();
        var existing = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).ToHashSet();
        var variable = tf.get_partitioned_variable(name, shape, dtype, initializer, _o.Trainable);
        _weights.AddRange(variable);
        if (regularizer is not null && !variable.Any(existing.Contains))
        {
            foreach (var part in variable)
            {
                using var scope = graph.NameScope(name + "/Regularizer");
                var loss = regularizer(part);
                _losses.Add(loss);
                graph.AddToCollection(GraphKeys.REGULARIZATION_LOSSES, loss);
            }
        }
        return variable;
    }

    private Variable AddWeight(string name, int[] shape, DType dtype, IInitializer initializer, bool trainable, Func<Tensor, Tensor>? regularizer)
    {
        var graph = tf.get_default_graph();
        var existing = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).ToHashSet();
        var variable = tf.get_variable(name, shape, dtype, initializer, trainable && _o.Trainable);
        _weights.Add(variable);
        if (regularizer is not null && !existing.Contains(variable))
        {
            using var scope = graph.NameScope(name + "/Regularizer");
            var loss = regularizer(variable);
            _losses.Add(loss);
            graph.AddToCollection(GraphKeys.REGULARIZATION_LOSSES, loss);
        }
        return variable;
    }
}
