using TfBnPort.Tensorflow.ControlFlow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Variable ⇄ VariableDef as TF 1.15's RefVariable.to_proto / _init_from_proto (ops/variables.py) do it:
/// variable_name "w:0", initial_value_name, initializer_name "w/Assign", snapshot_name "w/read:0",
/// trainable, synchronization AUTO and aggregation NONE (their zero values), is_resource left false.
/// </summary>
public static class VariableDefs
{
    public static VariableDef ToProto(Variable variable, string? exportScope = null) => new()
    {
        VariableName = CondContext.StripScope(variable.Name, exportScope),
        InitialValueName = CondContext.StripScope(variable.InitialValue.Name, exportScope),
        Trainable = variable.Trainable,
        Synchronization = VariableSynchronization.Auto,
        Aggregation = VariableAggregation.None,
        InitializerName = CondContext.StripScope(variable.Initializer.Name, exportScope),
        SnapshotName = CondContext.StripScope(variable.Snapshot.Name, exportScope),
    };

    /// <summary>
    /// Variable(variable_def=...): the Variable over ops already in <paramref name="graph"/>. A VariableDef
    /// without initial_value_name (written before TF 1.3) takes the initializer's assigned value.
    /// </summary>
    public static Variable FromProto(Graph graph, VariableDef def, string? importScope = null)
    {
        if (def.IsResource)
            throw new NotSupportedException($"'{def.VariableName}' is a resource variable (tf.get_variable(use_resource=True)); this port imports reference variables only.");
        string Scoped(string name) => CondContext.PrependScope(name, importScope);
        var variableRef = graph.get_tensor_by_name(Scoped(def.VariableName));
        var initializer = graph.get_operation_by_name(Scoped(def.InitializerName));
        var snapshot = graph.get_tensor_by_name(Scoped(def.SnapshotName));
        var initialValue = string.IsNullOrEmpty(def.InitialValueName) ? initializer.Inputs[1] : graph.get_tensor_by_name(Scoped(def.InitialValueName));
        return new Variable(variableRef, initialValue, initializer, snapshot, def.Trainable);
    }
}
