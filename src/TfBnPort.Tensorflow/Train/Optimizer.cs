using TfBnPort.Tensorflow.Gradients;

namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.Optimizer: compute_gradients (tf.gradients w.r.t. the variables' refs), then
/// apply_gradients (one "update_VAR" op per variable, a final group, global_step += 1).
/// </summary>
public abstract class Optimizer(string name, bool useLocking)
{
    private readonly Dictionary<(string Slot, string Var), Variable> _slots = new();

    public string Name { get; } = name;
    protected bool UseLocking { get; } = useLocking;

    public virtual List<(Tensor? Grad, Variable Var)> compute_gradients(Tensor loss, IEnumerable<Variable>? var_list = null)
    {
        var vars = (var_list ?? tf.trainable_variables()).ToList();
        if (vars.Count == 0) throw new ValueError("No variables to optimize.");
        if (!loss.DType.IsFloating())
            throw new ValueError($"Invalid type {loss.DType.PyName()} for {loss.Name}, expected: float32, float64, float16.");
        var grads = GradientsImpl.Gradients(new[] { loss }, vars.Select(v => v.Ref).ToList());
        return vars.Select((v, i) => (grads[i], v)).ToList();
    }

    public virtual Operation apply_gradients(IReadOnlyList<(Tensor? Grad, Variable Var)> grads_and_vars, Variable? global_step = null, string? name = null)
    {
        var withGrads = grads_and_vars.Where(gv => gv.Grad is not null).ToList();
        if (withGrads.Count == 0)
            throw new ValueError($"No gradients provided for any variable, check your graph for ops that do not support gradients, between variables [{string.Join(", ", grads_and_vars.Select(gv => gv.Var.Name))}] and the loss.");
        var graph = withGrads[0].Var.Graph;
        using var _ = graph.as_default();
        CreateSlots(withGrads.Select(gv => gv.Var).ToList());
        var updates = new List<Operation>();
        using var scope = graph.NameScope(name ?? Name);
        Prepare();
        foreach (var (grad, variable) in withGrads)
            using (graph.NameScope("update_" + variable.OpName))
            using (graph.device(variable.Device)) // each update runs where its variable lives
                updates.Add(ApplyDense(grad!, variable));
        Operation train;
        // As Python: the final op takes the optimizer scope's own name ("Adam"); with a global step, the
        // updates are grouped as "Adam/update" and the step's AssignAdd is "Adam".
        if (global_step is null) train = Finish(updates, scope.ScopeName, exactName: true);
        else
        {
            using (graph.ControlDependencies(new object[] { Finish(updates, "update", exactName: false) }))
            using (graph.colocate_with(global_step))
                train = graph.NewOperationExact("AssignAdd", scope.ScopeName).Input(global_step.Ref)
                    .Input(OpHelper.ToTensor(1, global_step.DType, "value")).Attr("use_locking", false).Finish();
        }
        graph.AddToCollection(GraphKeys.TRAIN_OP, train);
        graph.GetOrCreateExtra(UpdateOpsLint.TrainOpsKey, () => new HashSet<Operation>()).Add(train);
        return train;
    }

    /// <summary>gate_gradients values: no gating; each op's gradients together (TF's default); all gradients together.</summary>
    public const int GATE_NONE = 0, GATE_OP = 1, GATE_GRAPH = 2;

    /// <summary>
    /// optimizer.minimize(loss): compute_gradients + apply_gradients. TF's default gate_gradients is
    /// GATE_OP; the port's is GATE_NONE, which keeps the seeds' graphs (op counts) as they were
    /// ported. Pass GATE_OP where a variable's update must not race another gradient reading it.
    /// </summary>
    public Operation minimize(Tensor loss, Variable? global_step = null, IEnumerable<Variable>? var_list = null, string? name = null,
        int gate_gradients = GATE_NONE) =>
        apply_gradients(gate_gradients == GATE_NONE ? compute_gradients(loss, var_list) : ComputeGatedGradients(loss, var_list, gate_gradients), global_step, name);

    /// <summary>compute_gradients with GATE_OP (per-op tuples) or GATE_GRAPH (one tuple of every gradient).</summary>
    private List<(Tensor? Grad, Variable Var)> ComputeGatedGradients(Tensor loss, IEnumerable<Variable>? varList, int gateGradients)
    {
        if (gateGradients is not (GATE_OP or GATE_GRAPH))
            throw new ValueError($"gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH. Not {gateGradients}");
        var vars = (varList ?? tf.trainable_variables()).ToList();
        if (vars.Count == 0) throw new ValueError("No variables to optimize.");
        var grads = GradientsImpl.Gradients(new[] { loss }, vars.Select(v => v.Ref).ToList(), gateGradients: gateGradients == GATE_OP);
        if (gateGradients == GATE_GRAPH) grads = GradientsImpl.Tuple(loss.Graph, grads);
        return vars.Select((v, i) => (grads[i], v)).ToList();
    }

    public Variable? get_slot(Variable var, string slotName) => _slots.GetValueOrDefault((slotName, var.OpName));

    protected virtual void CreateSlots(IReadOnlyList<Variable> vars) { }
    protected virtual void Prepare() { }
    protected abstract Operation ApplyDense(Tensor grad, Variable var);

    protected virtual Operation Finish(IReadOnlyList<Operation> updateOps, string name, bool exactName) =>
        Group(updateOps.Cast<object>().ToList(), name, exactName);

    /// <summary>tf.group, either made unique under the current scope or named exactly (Python's name=scope).</summary>
    protected static Operation Group(IReadOnlyList<object> ops, string name, bool exactName)
    {
        var graph = DefaultGraph.Get();
        using var deps = graph.ControlDependencies(ops);
        return (exactName ? graph.NewOperationExact("NoOp", name) : graph.NewOperation("NoOp", name)).Finish();
    }

    /// <summary>A zeros slot "VAR/OPTNAME" (then "_1"...), created like slot_creator: outside any name scope, not trainable.</summary>
    protected Variable ZerosSlot(Variable var, string slotName)
    {
        if (_slots.TryGetValue((slotName, var.OpName), out var existing)) return existing;
        var graph = var.Graph;
        var store = VariableStore.Of(graph);
        var slotVarName = FreeName.First(var.OpName + "/" + Name, n => store.Variables.ContainsKey(n) || graph.OperationByName(n) is not null);
        Variable slot;
        using (graph.NameScope(null))
        using (graph.colocate_with(var)) // slot_creator: colocate_vars_with(primary)
            slot = VariableFactory.Create(graph, slotVarName, () => tf.zeros(var.Shape.AsIntArray(), var.DType), initFromFn: true,
                trainable: false, collections: null, dtype: var.DType, shape: var.Shape);
        store.Variables[slotVarName] = slot;
        _slots[(slotName, var.OpName)] = slot;
        return slot;
    }

    /// <summary>math_ops.cast to the variable's dtype, skipped when it already matches.</summary>
    protected static Tensor Cast(Tensor t, DType dtype) => t.DType.BaseType() == dtype.BaseType() ? t : tf.cast(t, dtype);
}
