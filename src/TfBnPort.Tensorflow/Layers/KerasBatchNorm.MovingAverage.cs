namespace TfBnPort.Tensorflow;

internal sealed partial class KerasBatchNorm
{
    /// <summary>
    /// keras _assign_moving_average: var −= (var − value)·decay in an "AssignMovingAvg" scope. For a
    /// number momentum, decay = convert_to_tensor(1.0 − momentum, name="decay"): 1 − m computed in
    /// double, then a float32 Const "decay". For a tensor momentum (fused with a training tensor) it
    /// is the float32 Sub "sub" (its 1.0 is "sub/x"), so var − value becomes "sub_1".
    /// </summary>
    private static Tensor AssignMovingAverage(Variable variable, Tensor value, object momentum)
    {
        var graph = variable.Graph;
        using var scope = graph.NameScope("AssignMovingAvg");
        using var colocated = graph.colocate_with(variable);
        var decay = momentum switch
        {
            double m => tf.constant((float)(1.0 - m), name: "decay"),
            Tensor m => 1.0 - m,
            _ => throw new TypeError($"momentum must be a number or a tensor, got {momentum.GetType().Name}."),
        };
        if (decay.DType.BaseType() != variable.DType) decay = tf.cast(decay, variable.DType, name: "Cast");
        if (value.DType.BaseType() != variable.DType) value = tf.cast(value, variable.DType, name: "Cast");
        var delta = (variable.Snapshot - value) * decay;
        return graph.NewOperationExact("AssignSub", scope.ScopeName).Input(variable.Ref).Input(delta).Attr("use_locking", false).Finish().Output(0);
    }

    /// <summary>keras _assign_new_value: an Assign named "AssignNewValue", colocated with the variable.</summary>
    private static Tensor AssignNewValue(Variable variable, Tensor value)
    {
        var graph = variable.Graph;
        using var scope = graph.NameScope("AssignNewValue");
        using var colocated = graph.colocate_with(variable);
        return graph.NewOperationExact("Assign", scope.ScopeName).Input(variable.Ref).Input(value)
            .Attr("validate_shape", true).Attr("use_locking", true).Finish().Output(0);
    }
}
