namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.local_variables(): the LOCAL_VARIABLES collection (per-task state such as the sync optimizer's local_step).</summary>
    public static List<Variable> local_variables(string? scope = null) => get_collection(GraphKeys.LOCAL_VARIABLES, scope).Cast<Variable>().ToList();

    public static Operation local_variables_initializer() => variables_initializer(local_variables());

    /// <summary>
    /// tf.report_uninitialized_variables(var_list): a string tensor of the op names of the variables
    /// (default: global and local) not yet initialized, built as variables.py does:
    /// boolean_mask(names, logical_not(stack(is_variable_initialized(v)))), the mask on /cpu:0.
    /// </summary>
    public static Tensor report_uninitialized_variables(IEnumerable<Variable>? var_list = null, string name = "report_uninitialized_variables")
    {
        var vars = (var_list ?? global_variables().Concat(local_variables())).ToList();
        var graph = get_default_graph();
        using var scope = name_scope(name);
        var initialized = vars.Select(v => graph.NewOperation("IsVariableInitialized", "IsVariableInitialized")
            .Input(v.Ref).Attr("dtype", v.DType).Finish().Output(0)).ToList();
        using var onCpu = device("/cpu:0");
        if (vars.Count == 0) return constant(TensorValue.FromStrings(Array.Empty<string>(), new long[] { 0 }), name: "Const");
        var mask = graph.NewOperation("LogicalNot", "LogicalNot").Input(stack(initialized.Cast<object>(), name: "stack")).Finish().Output(0);
        var names = constant(TensorValue.FromStrings(vars.Select(v => v.OpName).ToArray(), new long[] { vars.Count }), name: "Const");
        using var maskScope = name_scope("boolean_mask");
        var where = graph.NewOperation("Where", "Where").Input(mask).Finish().Output(0);
        var indices = graph.NewOperation("Squeeze", "Squeeze").Input(where).Attr("squeeze_dims", new[] { 1 }).Finish().Output(0);
        return graph.NewOperation("GatherV2", "GatherV2").Input(names).Input(indices).Input(constant(0, name: "GatherV2/axis"))
            .Attr("batch_dims", 0).Finish().Output(0);
    }
}
