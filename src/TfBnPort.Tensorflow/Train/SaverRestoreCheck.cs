namespace TfBnPort.Tensorflow;

/// <summary>
/// Everything a restore can be checked for before it runs: the index is readable, it has every
/// key with the variable's dtype and shape, and the data files hold all their bytes, unchanged
/// (CRC32C, as RestoreV2 would check them, but before any variable is assigned). All
/// mismatches are reported together, so one run of the fix is enough.
/// </summary>
internal static class SaverRestoreCheck
{
    private const int MaxListed = 20;

    public static void Validate(string prefix, IReadOnlyList<SaverEntry> entries)
    {
        var what = $"restore from '{prefix}'";
        var index = CheckpointIndex.Read(prefix, what);
        var problems = new List<(string Key, string Text)>();
        var needed = new List<CheckpointEntry>();
        foreach (var (key, variable) in entries)
        {
            var stored = index.Find(key);
            if (stored is null)
            {
                problems.Add((key, $"'{key}' ({variable}) is not in the checkpoint; nearby names it has: " +
                                   string.Join(", ", index.NamesNear(key).Select(n => $"'{n}'"))));
                continue;
            }
            needed.Add(stored);
            // Exact: the index has no _ref dtypes (CheckpointEntryProto refuses them), and a variable's DType is its value's.
            if (stored.DType != variable.DType)
                problems.Add((key, $"'{key}' is {CheckpointDTypes.Name(stored.DType)} in the checkpoint but {variable.DType.PyName()} in the graph"));
            if (!variable.Shape.IsCompatibleWith(new TensorShape(stored.Shape)))
                problems.Add((key, $"'{key}' has shape {new TensorShape(stored.Shape)} in the checkpoint but {variable.Shape} in the graph"));
        }
        if (problems.Count > 0)
        {
            var listed = string.Join("\n", problems.Take(MaxListed).Select(p => "  - " + p.Text)) +
                         (problems.Count > MaxListed ? $"\n  ... and {problems.Count - MaxListed} more" : "");
            throw new CheckpointException(
                $"Cannot {what}: the checkpoint does not match this graph, so nothing was restored. {problems.Count} problem(s):\n{listed}\n" +
                "Build the graph as it was when the checkpoint was saved (same variable names, dtypes and shapes), or give the Saver " +
                "a var_list or name_map that matches the checkpoint (tf.train.list_variables shows what it holds).",
                prefix, problems[0].Key);
        }
        CheckpointData.Check(index, needed, what);
    }
}
