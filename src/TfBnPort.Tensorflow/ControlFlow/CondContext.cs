namespace TfBnPort.Tensorflow.ControlFlow;

/// <summary>
/// One branch of a TF1 graph-mode tf.cond (Python's CondContext): every value from outside the
/// branch enters through a Switch on the predicate, so the branch only runs when taken; ops with
/// no inputs hang on the branch's pivot.
/// </summary>
public sealed partial class CondContext
{
    private readonly HashSet<string> _values = new();
    private readonly Dictionary<string, Tensor> _externalValues = new();
    private readonly List<CondContext> _nested = new();

    public CondContext(Tensor pred, Tensor pivot, int branch, CondContext? outer)
    {
        // Python: graph.unique_name("cond_text") in the cond's name scope: "cond/cond_text", "cond/cond_text_1".
        Name = pred.Graph.UniqueName("cond_text");
        Pred = pred;
        Pivot = pivot;
        Branch = branch;
        Outer = outer;
        outer?._nested.Add(this);
        _values.Add(pred.Name);
        _externalValues[pred.Name] = pred; // as Python: the predicate is an outside value of the branch
        _values.Add(pivot.Name);
        // As Python's CondContext.__init__: the pivot belongs to its branch, so an op already
        // depending on it (control_dependencies([pivot])) gets no second pivot edge.
        pivot.Op.ControlFlowContext = this;
    }

    /// <summary>Python's context name ("cond/cond_text" for the true branch, "cond/cond_text_1" for the false one).</summary>
    public string Name { get; }

    /// <summary>The predicate (the cond's pred_id Identity).</summary>
    public Tensor Pred { get; }

    /// <summary>switch_t / switch_f: alive only when this branch is taken.</summary>
    public Tensor Pivot { get; }

    /// <summary>1 for the true branch, 0 for the false branch (the Switch output index).</summary>
    public int Branch { get; }

    public CondContext? Outer { get; }

    /// <summary>Marks an op built in this branch: its outputs are values of this context and of every enclosing one.</summary>
    internal void AddOp(Operation op)
    {
        for (var ctx = this; ctx is not null; ctx = ctx.Outer)
            foreach (var output in op.Outputs) ctx._values.Add(output.Name);
    }

    /// <summary>Python's CondContext.AddValue: a value from outside gets (once) a Switch into this branch.</summary>
    public Tensor AddValue(Tensor value)
    {
        if (_values.Contains(value.Name))
            return _externalValues.GetValueOrDefault(value.Name, value);
        _values.Add(value.Name);
        var graph = value.Graph;
        var result = value;
        var saved = graph.ControlFlowContext;
        graph.ControlFlowContext = Outer;
        try
        {
            if (Outer is not null)
            {
                // The enclosing branch brings the value in first; this branch then switches that.
                result = Outer.AddValue(value);
                _values.Add(result.Name);
                _externalValues[result.Name] = result;
            }
            using (graph.ControlDependencies(null))
                result = ControlFlowOps.SwitchRefOrTensor(result, Pred)[Branch];
        }
        finally
        {
            graph.ControlFlowContext = saved;
        }
        result.Op.ControlFlowContext = this;
        for (var ctx = this; ctx is not null; ctx = ctx.Outer) ctx._values.Add(result.Name);
        _externalValues[value.Name] = result;
        return result;
    }

    /// <summary>A branch result: a value from outside the branch still has to go through the Switch.</summary>
    internal Tensor ProcessOutputTensor(Tensor value)
    {
        if (!_values.Contains(value.Name)) return AddValue(value);
        return _externalValues.GetValueOrDefault(value.Name, value);
    }
}
