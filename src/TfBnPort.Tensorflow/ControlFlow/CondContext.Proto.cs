using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.ControlFlow;

/// <summary>
/// CondContext ⇄ CondContextDef, as control_flow_ops.py's CondContext.to_proto / _init_from_proto do it:
/// the values sorted, external values by name, nested contexts inline. Importing one marks every op whose
/// output is an internal value of the branch as built in it, which is what the Switch/Merge gradients read.
/// </summary>
public sealed partial class CondContext
{
    private CondContext(string name, Tensor pred, Tensor pivot, int branch, CondContext? outer)
    {
        Name = name;
        Pred = pred;
        Pivot = pivot;
        Branch = branch;
        Outer = outer;
        outer?._nested.Add(this);
    }

    /// <summary>The contexts created while this one was current (tf.cond inside a tf.cond branch).</summary>
    public IReadOnlyList<CondContext> NestedContexts => _nested;

    public CondContextDef ToProto(string? exportScope = null)
    {
        var def = new CondContextDef
        {
            ContextName = StripScope(Name, exportScope),
            PredName = StripScope(Pred.Name, exportScope),
            PivotName = StripScope(Pivot.Name, exportScope),
            Branch = Branch,
            ValuesDef = new ValuesDef(),
        };
        def.ValuesDef.Values.AddRange(_values.Select(v => StripScope(v, exportScope)).OrderBy(v => v, StringComparer.Ordinal));
        foreach (var (key, value) in _externalValues)
            def.ValuesDef.ExternalValues[StripScope(key, exportScope)] = StripScope(value.Name, exportScope);
        foreach (var nested in _nested)
            def.NestedContexts.Add(new ControlFlowContextDef { CondCtxt = nested.ToProto(exportScope) });
        return def;
    }

    /// <summary>CondContext.from_proto: rebuilds the context over ops already imported into <paramref name="graph"/>.</summary>
    public static CondContext FromProto(Graph graph, CondContextDef def, string? importScope = null, CondContext? outer = null)
    {
        Tensor Element(string name) => graph.get_tensor_by_name(PrependScope(name, importScope));
        var context = new CondContext(PrependScope(def.ContextName, importScope), Element(def.PredName), Element(def.PivotName), def.Branch, outer);
        foreach (var value in def.ValuesDef?.Values ?? (IEnumerable<string>)Array.Empty<string>())
            context._values.Add(PrependScope(value, importScope));
        foreach (var (key, value) in def.ValuesDef?.ExternalValues ?? new Google.Protobuf.Collections.MapField<string, string>())
            context._externalValues[PrependScope(key, importScope)] = Element(value);
        var internalOps = context._values.Except(context._externalValues.Keys).Select(v => v.Split(':')[0]).Distinct();
        foreach (var opName in internalOps)
            if (graph.OperationByName(opName) is { } op) op.ControlFlowContext = context;
        foreach (var nested in def.NestedContexts)
            if (nested.CtxtCase == ControlFlowContextDef.CtxtOneofCase.CondCtxt)
                FromProto(graph, nested.CondCtxt, importScope, context);
            else throw new NotSupportedException($"'{context.Name}' nests a tf.while_loop context, which this port does not import.");
        return context;
    }

    /// <summary>ops.strip_name_scope for plain names ("scope/x:0" → "x:0").</summary>
    internal static string StripScope(string name, string? scope) =>
        string.IsNullOrEmpty(scope) ? name
        : name.StartsWith(scope.TrimEnd('/') + "/", StringComparison.Ordinal) ? name[(scope.TrimEnd('/').Length + 1)..] : name;

    /// <summary>ops.prepend_name_scope for plain names ("x:0" → "scope/x:0").</summary>
    internal static string PrependScope(string name, string? scope) =>
        string.IsNullOrEmpty(scope) ? name : scope.TrimEnd('/') + "/" + name;
}
