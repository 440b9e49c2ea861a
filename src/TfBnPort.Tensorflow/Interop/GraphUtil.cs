using System.Text.RegularExpressions;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// tf.graph_util (TF 1.15's graph_util_impl.py) on GraphDef protos: extract_sub_graph (the nodes
/// the destinations reach through data, control and colocation edges, in their original order),
/// convert_variables_to_constants (freeze: each reachable variable becomes a Const holding its
/// value in the session) and remove_training_nodes (CheckNumerics dropped, Identity spliced out).
/// </summary>
public static class GraphUtil
{
    /// <summary>Node name of an input string: "^a" → "a", "a:1" → "a".</summary>
    private static string NodeName(string input) => input.StartsWith('^') ? input[1..] : input.Split(':')[0];

    public static GraphDef ExtractSubGraph(GraphDef graph_def, IReadOnlyCollection<string> dest_nodes)
    {
        ArgumentNullException.ThrowIfNull(graph_def);
        var inputsOf = new Dictionary<string, List<string>>();
        var byName = new Dictionary<string, NodeDef>();
        var order = new Dictionary<string, int>();
        foreach (var node in graph_def.Node)
        {
            var name = NodeName(node.Name);
            byName[name] = node;
            var inputs = node.Input.Select(NodeName).ToList();
            // Colocation constraints ("loc:@var") keep the colocated node too, as Python does.
            if (node.Attr.TryGetValue("_class", out var cls) && cls.List is { } list)
                inputs.AddRange(list.S.Select(s => s.ToStringUtf8()).Where(s => s.StartsWith("loc:@")).Select(s => s[5..]));
            inputsOf[name] = inputs;
            order[name] = order.Count;
        }
        foreach (var d in dest_nodes)
            if (!byName.ContainsKey(d)) throw new ValueError($"{d} is not in graph{ClosestNames.Hint(d, byName.Keys)}");

        var keep = new HashSet<string>();
        var queue = new Queue<string>(dest_nodes);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            if (!keep.Add(n)) continue;
            if (inputsOf.TryGetValue(n, out var inputs)) foreach (var i in inputs) queue.Enqueue(i);
        }
        var output = new GraphDef();
        foreach (var n in keep.Where(byName.ContainsKey).OrderBy(n => order[n])) output.Node.Add(byName[n].Clone());
        if (graph_def.Library is not null) output.Library = graph_def.Library.Clone();
        if (graph_def.Versions is not null) output.Versions = graph_def.Versions.Clone();
        return output;
    }

    /// <summary>
    /// Replaces every Variable/VariableV2 that <paramref name="output_node_names"/> reach with a Const of its
    /// current value in <paramref name="sess"/>; what the outputs do not reach (savers, optimizer, update
    /// assignments) is left out. Resource variables are not made by this project and are refused.
    /// </summary>
    public static GraphDef ConvertVariablesToConstants(Session sess, GraphDef input_graph_def, IReadOnlyCollection<string> output_node_names,
        IReadOnlyCollection<string>? variable_names_whitelist = null, IReadOnlyCollection<string>? variable_names_blacklist = null)
    {
        var inference = ExtractSubGraph(input_graph_def, output_node_names);
        var variables = new List<NodeDef>();
        foreach (var node in inference.Node)
        {
            if (node.Op is "VarHandleOp" or "ReadVariableOp" or "ResourceGather")
                throw new ValueError($"Node '{node.Name}' is a resource variable op ({node.Op}); freezing resource variables is not supported here.");
            if (node.Op is not ("Variable" or "VariableV2")) continue;
            if (variable_names_whitelist is not null && !variable_names_whitelist.Contains(node.Name)) continue;
            if (variable_names_blacklist is not null && variable_names_blacklist.Contains(node.Name)) continue;
            variables.Add(node);
        }
        var tensors = variables.Select(v => sess.Graph.GetTensorByName(v.Name + ":0")).ToArray();
        var values = tensors.Length == 0 ? [] : sess.RunValues(tensors, Array.Empty<Operation>());
        var data = variables.Select((v, i) => (v.Name, Value: values[i])).ToDictionary(p => p.Name, p => p.Value);

        var output = new GraphDef();
        foreach (var node in inference.Node)
        {
            if (!data.TryGetValue(node.Name, out var value)) { output.Node.Add(node.Clone()); continue; }
            var constant = new NodeDef { Name = node.Name, Op = "Const" };
            constant.Attr["dtype"] = node.Attr["dtype"].Clone();
            constant.Attr["value"] = new AttrValue { Tensor = value.ToProto() };
            output.Node.Add(constant);
        }
        // As in TF 1.15: the library is kept; versions are not copied (the importer then assumes producer 0).
        if (inference.Library is not null) output.Library = inference.Library.Clone();
        return output;
    }

    /// <summary>Drops CheckNumerics nodes and splices out Identity nodes that take part in no control edge.</summary>
    public static GraphDef RemoveTrainingNodes(GraphDef input_graph, IReadOnlyCollection<string>? protected_nodes = null)
    {
        protected_nodes ??= [];
        var removed = input_graph.Node.Where(n => n.Op == "CheckNumerics" && !protected_nodes.Contains(n.Name)).Select(n => n.Name).ToHashSet();
        var afterRemoval = new List<NodeDef>();
        foreach (var node in input_graph.Node)
        {
            if (removed.Contains(node.Name)) continue;
            var copy = node.Clone();
            copy.Input.Clear();
            copy.Input.AddRange(node.Input.Where(i => !removed.Contains(StripCaret(i))));
            afterRemoval.Add(copy);
        }

        var controlInputs = new HashSet<string>();
        var withControlInput = new HashSet<string>();
        foreach (var node in afterRemoval)
            foreach (var input in node.Input.Where(i => i.Contains('^')))
            {
                controlInputs.Add(input.Replace("^", ""));
                withControlInput.Add(node.Name);
            }
        var splice = afterRemoval
            .Where(n => n.Op == "Identity" && !protected_nodes.Contains(n.Name) && !withControlInput.Contains(n.Name) && !controlInputs.Contains(n.Name))
            .ToDictionary(n => n.Name, n => n.Input[0]);

        var output = new GraphDef();
        foreach (var node in afterRemoval)
        {
            if (splice.ContainsKey(node.Name)) continue;
            var copy = node.Clone();
            copy.Input.Clear();
            foreach (var original in node.Input)
            {
                var full = original;
                // Python matches the whole input string (with any ":N") against the spliced names.
                while (splice.TryGetValue(StripCaret(full), out var replacement)) full = replacement;
                copy.Input.Add(full);
            }
            output.Node.Add(copy);
        }
        return output;
    }

    private static string StripCaret(string input) => Regex.Replace(input, "^\\^", "");
}
