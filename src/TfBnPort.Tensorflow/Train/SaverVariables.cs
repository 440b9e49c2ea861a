namespace TfBnPort.Tensorflow;

/// <summary>
/// Which variables a Saver holds and under which keys, as saveable_object_util.op_list_to_dict
/// and validate_and_slice_inputs decide: a list is keyed by op names, a map by its keys; every
/// key and variable once; sorted by key.
/// </summary>
internal static class SaverVariables
{
    public static IReadOnlyList<SaverEntry> Collect(IEnumerable<Variable>? varList, IDictionary<string, Variable>? nameMap)
    {
        var byKey = new Dictionary<string, Variable>(StringComparer.Ordinal);
        if (nameMap is not null)
        {
            foreach (var (key, variable) in nameMap)
            {
                if (string.IsNullOrEmpty(key)) throw new ValueError($"name_map has an empty checkpoint key (for '{variable.Name}').");
                byKey[key] = variable;
            }
        }
        else
        {
            // Default: every global variable at construction (moving statistics, optimizer slots, global_step included).
            var variables = varList?.ToList() ?? tf.get_default_graph().GetCollection(GraphKeys.GLOBAL_VARIABLES).OfType<Variable>().ToList();
            foreach (var variable in variables)
                if (!byKey.TryAdd(variable.OpName, variable))
                    throw new ValueError($"At least two variables have the same name: {variable.OpName}");
        }
        if (byKey.Count == 0) throw new ValueError("No variables to save");
        // A part of a partitioned variable is saved in TF as a slice of the full variable's key; this
        // binding writes no slices, so it refuses rather than save the part under a key TF would not read.
        var part = byKey.Values.FirstOrDefault(v => v.PartitionedName is not null);
        if (part is not null)
            throw new NotSupportedException($"Saver: variable '{part.OpName}' is a part of the partitioned variable '{part.PartitionedName}'; "
                + "saving partitioned variables (as checkpoint slices) is not supported. Leave it out of var_list.");

        var graph = byKey.Values.First().Graph;
        var stranger = byKey.Values.FirstOrDefault(v => !ReferenceEquals(v.Graph, graph));
        if (stranger is not null)
            throw new ValueError($"The variables of a Saver must be in one graph; '{stranger.Name}' is in another one than '{byKey.Values.First().Name}'.");
        var twice = byKey.GroupBy(kv => kv.Value).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ValueError($"The same saveable will be restored with two names: {string.Join(", ", twice.Select(kv => kv.Key))} ('{twice.Key.Name}').");
        return byKey.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new SaverEntry(kv.Key, kv.Value)).ToList();
    }
}
