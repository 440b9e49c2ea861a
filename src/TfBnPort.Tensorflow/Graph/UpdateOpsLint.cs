namespace TfBnPort.Tensorflow;

/// <summary>
/// The classic TF1 batch-norm mistake: running a training op while UPDATE_OPS holds moving-average
/// updates that neither it nor the same run executes. Warns once per (session, target set).
/// </summary>
public static class UpdateOpsLint
{
    /// <summary>Graph extra key under which Optimizer.minimize marks its training ops.</summary>
    public const string TrainOpsKey = "__train_ops";

    // Per session: the fetch/target sets already checked, so the graph walk happens once per set, not per step.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Session, HashSet<string>> Checked = new();

    public static bool Enabled { get; set; } = true;

    internal static void Check(Session session, IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets, FeedDict? feedDict)
    {
        if (!Enabled) return;
        var graph = session.Graph;
        var trainOps = graph.GetOrCreateExtra(TrainOpsKey, () => new HashSet<Operation>());
        if (trainOps.Count == 0 || !targets.Any(trainOps.Contains) && !fetches.Any(f => trainOps.Contains(f.Op))) return;
        var key = string.Join(",", targets.Select(t => t.Name).Concat(fetches.Select(f => f.Name)));
        lock (Checked)
            if (!Checked.GetOrCreateValue(session).Add(key)) return;
        var updates = graph.GetCollection(GraphKeys.UPDATE_OPS)
            .Select(u => u switch { Operation op => op, Tensor t => t.Op, _ => null })
            .OfType<Operation>().ToList();
        if (updates.Count == 0) return;
        var roots = targets.Concat(fetches.Select(f => f.Op));
        var reached = GraphWalk.Ancestors(roots);
        var missed = updates.Where(u => !reached.Contains(u)).Select(u => u.Name).ToList();
        if (missed.Count == 0) return;
        Session.Warn(
            $"WARNING (tfbnport): the training op runs without {missed.Count} op(s) of tf.GraphKeys.UPDATE_OPS " +
            $"({string.Join(", ", missed.Take(6))}{(missed.Count > 6 ? ", ..." : "")}): the batch-norm moving averages will not update, " +
            "and inference (training=False) will normalize with their initial values. Build the optimizer under " +
            "tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), or run them in the same sess.run.");
    }
}

/// <summary>Walks graph edges backwards (data and control inputs).</summary>
public static class GraphWalk
{
    public static HashSet<Operation> Ancestors(IEnumerable<Operation> roots)
    {
        var seen = new HashSet<Operation>();
        var stack = new Stack<Operation>(roots);
        while (stack.Count > 0)
        {
            var op = stack.Pop();
            if (!seen.Add(op)) continue;
            foreach (var input in op.Inputs) stack.Push(input.Op);
            foreach (var control in op.ControlInputs) stack.Push(control);
        }
        return seen;
    }
}
