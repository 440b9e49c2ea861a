namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Which variable an imported Saver's restore op assigns under which checkpoint key, read off the graph
/// BaseSaverBuilder built: restore_all (a NoOp, possibly grouping per-shard NoOps) → Assign(variable,
/// RestoreV2:i), key i from RestoreV2's tensor_names constant. With them a restore is checked against the
/// checkpoint before anything is assigned; when the graph has another shape, none are returned.
/// </summary>
internal static class ImportedSaverEntries
{
    public static IReadOnlyList<SaverEntry> Trace(Graph graph, Operation restoreOp)
    {
        var variables = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).Concat(graph.GetCollection(GraphKeys.LOCAL_VARIABLES))
            .OfType<Variable>().GroupBy(v => v.Op).ToDictionary(g => g.Key, g => g.First());
        var entries = new List<SaverEntry>();
        var pending = new Stack<Operation>(new[] { restoreOp });
        var seen = new HashSet<Operation>();
        while (pending.Count > 0)
        {
            var op = pending.Pop();
            if (!seen.Add(op)) continue;
            switch (op.Type)
            {
                case "NoOp":
                    foreach (var control in op.ControlInputs) pending.Push(control);
                    break;
                case "Assign" when op.Inputs[1].Op is { Type: "RestoreV2" } restore && variables.TryGetValue(op.Inputs[0].Op, out var variable):
                    var names = restore.Inputs[1].Op.Type == "Const" ? restore.Inputs[1].Op.Attr<TensorValue>("value").ToStrings() : null;
                    if (names is null) return Array.Empty<SaverEntry>();
                    entries.Add(new SaverEntry(names[op.Inputs[1].ValueIndex], variable));
                    break;
                default:
                    return Array.Empty<SaverEntry>(); // not the graph BaseSaverBuilder builds: let RestoreV2 alone judge
            }
        }
        return entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
    }
}
