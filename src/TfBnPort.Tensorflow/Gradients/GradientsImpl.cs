namespace TfBnPort.Tensorflow.Gradients;

/// <summary>
/// tf.gradients as gradients_impl.py computes it: mark the ops between xs and ys, walk them in
/// reverse topological order (pending counts), sum each tensor's incoming gradients with AddN,
/// fill unused float outputs with zeros (a Switch-guarded zero inside tf.cond), call the registry.
/// </summary>
public static class GradientsImpl
{
    // gateGradients: gradients_impl's gate_gradients (an Optimizer's GATE_OP): each op's input gradients
    // pass through a tuple (a group_deps NoOp and an Identity each), so none is usable before all are
    // computed. That keeps an optimizer from updating a variable while another gradient of the same op
    // still reads it through its aliasing "read" Identity.
    public static Tensor?[] Gradients(IReadOnlyList<Tensor> ys, IReadOnlyList<Tensor> xs, IReadOnlyList<Tensor?>? gradYs = null, string name = "gradients",
        bool gateGradients = false)
    {
        if (ys.Count == 0) throw new ValueError("tf.gradients needs at least one y.");
        var graph = ys[0].Graph;
        using var _ = graph.as_default();
        using var scope = graph.NameScope(name);
        var savedContext = graph.ControlFlowContext;
        graph.ControlFlowContext = null;
        try
        {
            return Compute(graph, ys, xs, gradYs, gateGradients);
        }
        finally
        {
            graph.ControlFlowContext = savedContext;
        }
    }

    private static Tensor?[] Compute(Graph graph, IReadOnlyList<Tensor> ys, IReadOnlyList<Tensor> xs, IReadOnlyList<Tensor?>? gradYs, bool gateGradients)
    {
        var grads = new Dictionary<(int, int), List<Tensor>>();
        for (var i = 0; i < ys.Count; i++)
        {
            var y = ys[i];
            var gy = gradYs?[i] ?? tf.fill(tf.shape(y, name: $"Shape{(i == 0 ? "" : "_" + i)}"), tf.constant(TensorValue.From(1).CastTo(y.DType.BaseType()), name: $"grad_ys_{i}"), name: "Fill");
            Add(grads, y, gy);
        }

        var fromOps = xs.Select(x => x.Op).ToHashSet();
        var reached = MarkReached(graph, fromOps);
        var between = new HashSet<Operation>();
        var queue = new Queue<Operation>(ys.Select(y => y.Op));
        while (queue.Count > 0)
        {
            var op = queue.Dequeue();
            if (!reached.Remove(op)) continue;
            between.Add(op);
            foreach (var input in op.Inputs) queue.Enqueue(input.Op);
        }

        var pending = new Dictionary<Operation, int>();
        foreach (var op in between)
            foreach (var input in op.Inputs)
                if (between.Contains(input.Op)) pending[input.Op] = pending.GetValueOrDefault(input.Op) + 1;

        var ready = new Queue<Operation>();
        var enqueued = new HashSet<Operation>();
        foreach (var op in ys.Select(y => y.Op))
            if (pending.GetValueOrDefault(op) == 0 && between.Contains(op) && enqueued.Add(op)) ready.Enqueue(op);

        while (ready.Count > 0)
        {
            var op = ready.Dequeue();
            var outGrads = op.Outputs.Select(o => Aggregate(grads, o)).ToArray();
            var hasOutGrads = outGrads.Any(g => g is not null);
            Tensor?[] inGrads;
            if (hasOutGrads && !fromOps.Contains(op) && !GradientRegistry.IsNotDifferentiable(op.Type))
            {
                var fn = GradientRegistry.Lookup(op.Type)
                    ?? throw new LookupError($"No gradient defined for operation '{op.Name}' (op type: {op.Type}).");
                for (var i = 0; i < outGrads.Length; i++)
                    if (outGrads[i] is null && op.Outputs[i].DType.IsFloating())
                        outGrads[i] = ZerosLikeOutsideLoop(op, i);
                using (graph.NameScope(op.Name + "_grad"))
                {
                    inGrads = fn(op, outGrads);
                    if (gateGradients && inGrads.Count(g => g is not null) > 1)
                        using (graph.device((string?)null))
                        using (graph.colocate_with(null, ignore_existing: true))
                            inGrads = Tuple(graph, inGrads);
                }
                if (inGrads.Length != op.Inputs.Count)
                    throw new InvalidOperationException($"Gradient function for {op.Type} returned {inGrads.Length} gradients, expected {op.Inputs.Count}.");
            }
            else inGrads = new Tensor?[op.Inputs.Count];

            for (var i = 0; i < op.Inputs.Count; i++)
            {
                if (inGrads[i] is not { } g) continue;
                var shape = op.Inputs[i].Shape;
                if (shape.IsKnownRank && !g.Shape.IsCompatibleWith(shape))
                    throw new ValueError($"Incompatible shapes between op input {op.Inputs[i].Name} {shape} and calculated input gradient {g.Name} {g.Shape} (op {op.Name}, {op.Type}).");
                Add(grads, op.Inputs[i], g);
            }
            foreach (var input in op.Inputs)
            {
                if (!between.Contains(input.Op)) continue;
                pending[input.Op]--;
                if (pending[input.Op] == 0 && enqueued.Add(input.Op)) ready.Enqueue(input.Op);
            }
        }

        return xs.Select(x => Aggregate(grads, x)).ToArray();
    }

    /// <summary>control_flow_ops.tuple: each tensor through an Identity that waits for all of them ("tuple/group_deps").</summary>
    internal static Tensor?[] Tuple(Graph graph, IReadOnlyList<Tensor?> tensors)
    {
        using var scope = graph.NameScope("tuple");
        var gatingOps = tensors.Where(t => t is not null).Select(t => t!.Op).Distinct().OrderBy(o => o.Id).Cast<object>().ToList();
        Operation gate;
        using (graph.ControlDependencies(gatingOps)) gate = graph.NewOperation("NoOp", "group_deps").Finish();
        return tensors.Select(t => t is null ? null : ControlFlowOps.WithDependencies(new object[] { gate }, t)).ToArray();
    }

    private static HashSet<Operation> MarkReached(Graph graph, IEnumerable<Operation> fromOps)
    {
        var reached = new HashSet<Operation>();
        var queue = new Queue<Operation>(fromOps);
        while (queue.Count > 0)
        {
            var op = queue.Dequeue();
            if (!reached.Add(op)) continue;
            foreach (var output in op.Outputs)
                foreach (var consumer in graph.ConsumersOf(output)) queue.Enqueue(consumer);
        }
        return reached;
    }

    private static void Add(Dictionary<(int, int), List<Tensor>> grads, Tensor t, Tensor g)
    {
        var key = (t.Op.Id, t.ValueIndex);
        if (!grads.TryGetValue(key, out var list)) grads[key] = list = new List<Tensor>();
        list.Add(g);
    }

    /// <summary>Sums a tensor's incoming gradients (AddN), as _AggregatedGrads does.</summary>
    private static Tensor? Aggregate(Dictionary<(int, int), List<Tensor>> grads, Tensor t)
    {
        if (!grads.TryGetValue((t.Op.Id, t.ValueIndex), out var list) || list.Count == 0) return null;
        if (list.Count == 1) return list[0];
        var sum = tf.add_n(list, name: "AddN");
        list.Clear();
        list.Add(sum);
        return sum;
    }

    /// <summary>
    /// Zero gradient for an unused output. For a Switch inside tf.cond, the zeros come through a
    /// Switch on the untaken side, so they are only alive when that side runs.
    /// </summary>
    internal static Tensor ZerosLikeOutsideLoop(Operation op, int index)
    {
        var value = op.Outputs[index];
        if (op.Type is not ("Switch" or "RefSwitch") || op.ControlFlowContext is not { } ctx)
            return tf.zeros_like(value.DType.IsRef() ? tf.identity(value) : value);
        // control_flow_ops.switch (not _SwitchRefOrTensor): a plain Switch, which reads a ref input.
        var switchValue = ControlFlowOps.Switch(op.Inputs[0], ctx.Pred)[1 - ctx.Branch];
        var pivot = tf.identity(switchValue);
        var zerosShape = tf.shape(switchValue);
        using (value.Graph.ControlDependencies(new object[] { pivot }))
            return tf.zeros(zerosShape, value.DType.BaseType());
    }
}

/// <summary>Python's LookupError: no gradient function for an op type.</summary>
public sealed class LookupError(string message) : Exception(message);
