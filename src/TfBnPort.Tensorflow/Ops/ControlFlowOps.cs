using TfBnPort.Tensorflow.ControlFlow;

namespace TfBnPort.Tensorflow;

/// <summary>TF1 graph-mode control flow: Switch/Merge, tf.cond, smart_cond, with_dependencies.</summary>
public static class ControlFlowOps
{
    /// <summary>Switch (RefSwitch for a ref tensor): [output_false, output_true]. Python's _SwitchRefOrTensor.</summary>
    public static Tensor[] SwitchRefOrTensor(Tensor data, Tensor pred, string name = "Switch") =>
        SwitchOp(data.DType.IsRef() ? "RefSwitch" : "Switch", data, pred, name);

    /// <summary>A plain Switch even for a ref tensor (which it reads): Python's control_flow_ops.switch.</summary>
    public static Tensor[] Switch(Tensor data, Tensor pred, string name = "Switch") => SwitchOp("Switch", data, pred, name);

    private static Tensor[] SwitchOp(string type, Tensor data, Tensor pred, string name)
    {
        var op = data.Graph.NewOperation(type, name).Input(data).Input(pred).Finish();
        return new[] { op.Output(0), op.Output(1) };
    }

    /// <summary>Merge (RefMerge when every input is a ref): [output, value_index].</summary>
    public static Tensor[] Merge(IReadOnlyList<Tensor> inputs, string name = "Merge")
    {
        var type = inputs.All(i => i.DType.IsRef()) ? "RefMerge" : "Merge";
        var op = inputs[0].Graph.NewOperation(type, name).InputList(inputs).Finish();
        return new[] { op.Output(0), op.Output(1) };
    }

    /// <summary>
    /// tf.cond as TF1 builds it: Switch(pred, pred) pivots, one CondContext per branch (outside values
    /// enter through Switches), and a Merge per result.
    /// </summary>
    public static Tensor[] Cond(Tensor pred, Func<Tensor[]> trueFn, Func<Tensor[]> falseFn, string name = "cond")
    {
        var graph = pred.Graph;
        using var _ = graph.as_default();
        using var scope = graph.NameScope(name);
        var outer = graph.ControlFlowContext;
        var switched = SwitchRefOrTensor(pred, pred);
        var pivotT = tf.identity(switched[1], "switch_t");
        var pivotF = tf.identity(switched[0], "switch_f");
        var predId = tf.identity(pred, "pred_id");
        var contextT = new CondContext(predId, pivotT, 1, outer);
        var resT = BuildBranch(graph, contextT, trueFn);
        var contextF = new CondContext(predId, pivotF, 0, outer);
        var resF = BuildBranch(graph, contextF, falseFn);
        if (resT.Length != resF.Length)
            throw new ValueError($"true_fn and false_fn must return the same number of tensors ({resT.Length} vs {resF.Length}).");
        var merges = new Tensor[resT.Length];
        for (var i = 0; i < resT.Length; i++)
        {
            if (resT[i].DType.BaseType() != resF[i].DType.BaseType())
                throw new ValueError($"Outputs of true_fn and false_fn must have the same type: {resT[i].DType.PyName()}, {resF[i].DType.PyName()}");
            merges[i] = Merge(new[] { resF[i], resT[i] })[0];
        }
        // As Python: only outermost conds go to the collection; nested ones travel inside them (meta graphs).
        if (outer is null)
        {
            graph.AddToCollection(GraphKeys.COND_CONTEXT, contextT);
            graph.AddToCollection(GraphKeys.COND_CONTEXT, contextF);
        }
        return merges;
    }

    private static Tensor[] BuildBranch(Graph graph, CondContext context, Func<Tensor[]> fn)
    {
        var saved = graph.ControlFlowContext;
        graph.ControlFlowContext = context;
        try
        {
            // BuildCondBranch (TF 1.15): a result built in the branch is used as is; one from outside
            // the branch goes through the branch's Switch. No Identity is added (that would add ops,
            // and op counts drive the random seeds of every later op).
            return fn().Select(context.ProcessOutputTensor).ToArray();
        }
        finally
        {
            graph.ControlFlowContext = saved;
        }
    }

    /// <summary>
    /// smart_cond: a statically known predicate (Python bool, or a constant TF can fold) picks a
    /// branch at graph-build time; otherwise a real tf.cond.
    /// </summary>
    public static Tensor[] SmartCond(object pred, Func<Tensor[]> trueFn, Func<Tensor[]> falseFn, string name = "cond")
    {
        if (ConstantBool(pred) is { } value) return value ? trueFn() : falseFn();
        return Cond((Tensor)pred, trueFn, falseFn, name);
    }

    /// <summary>smart_constant_value: the value of a bool or a foldable bool tensor, else null.</summary>
    public static bool? ConstantBool(object pred) => pred switch
    {
        bool b => b,
        Tensor t when t.DType.BaseType() != DType.Bool => throw new TypeError($"`pred` must be a bool or a bool Tensor, got {t.DType.PyName()} ({t.Name})."),
        Tensor t => OpHelper.ConstantValue(t) is { } v ? v.Data[0] != 0 : null,
        _ => throw new TypeError($"`pred` must be a bool or a Tensor, got {pred.GetType().Name}."),
    };

    /// <summary>with_dependencies: an identity of <paramref name="output"/> that runs after <paramref name="dependencies"/>.</summary>
    public static Tensor WithDependencies(IEnumerable<object> dependencies, Tensor output, string? name = null)
    {
        using var _ = output.Graph.as_default();
        using var scope = output.Graph.NameScope(name ?? "control_dependency");
        using var deps = output.Graph.ControlDependencies(dependencies);
        return output.Graph.NewOperationExact("Identity", scope.ScopeName).Input(output).Finish().Output(0);
    }
}

public static partial class tf
{
    /// <summary>tf.cond (TF1 graph mode) for branches that return one tensor.</summary>
    public static Tensor cond(Tensor pred, Func<Tensor> true_fn, Func<Tensor> false_fn, string name = "cond") =>
        ControlFlowOps.Cond(pred, () => new[] { true_fn() }, () => new[] { false_fn() }, name)[0];

    public static Tensor[] cond(Tensor pred, Func<Tensor[]> true_fn, Func<Tensor[]> false_fn, string name = "cond") =>
        ControlFlowOps.Cond(pred, true_fn, false_fn, name);
}
