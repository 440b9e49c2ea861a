using Google.Protobuf;
using TfBnPort.Tensorflow.ControlFlow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// TF 1.15's meta_graph.create_meta_graph_def for a whole graph (no export_scope): meta_info_def with the
/// runtime's versions and the stripped op list, the GraphDef with "_output_shapes", the SaverDef, and each
/// collection by kind (add_collection_def): VariableDef / CondContextDef / SaverDef bytes for the
/// collections Python registers proto functions for; otherwise node names, strings, int64s or floats.
/// </summary>
public static class MetaGraphExporter
{
    /// <summary>The collections whose items Python stores as VariableDef bytes (register_proto_function in resource_variable_ops.py).</summary>
    public static readonly IReadOnlySet<string> VariableCollections = new HashSet<string>
    {
        GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES, GraphKeys.MOVING_AVERAGE_VARIABLES, GraphKeys.LOCAL_VARIABLES,
        GraphKeys.MODEL_VARIABLES, GraphKeys.GLOBAL_STEP, GraphKeys.METRIC_VARIABLES,
    };

    public static MetaGraphDef Export(Graph graph, IEnumerable<string>? collectionList = null, bool clearDevices = false,
        bool stripDefaultAttrs = false, SaverDef? saverDef = null)
    {
        graph.ThrowIfDisposed();
        var graphDef = graph.as_graph_def(add_shapes: true);
        if (clearDevices) foreach (var node in graphDef.Node) node.Device = "";
        var meta = new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef
            {
                TensorflowVersion = tf.VERSION,
                TensorflowGitVersion = TensorflowBuildInfo.GitVersion,
                StrippedOpList = StrippedOpList(graphDef),
            },
            GraphDef = graphDef,
        };
        if (stripDefaultAttrs) StripDefaultValuedAttrs(meta);
        if (saverDef is not null) meta.SaverDef = saverDef.Clone();
        foreach (var key in collectionList ?? graph.CollectionKeys.ToList())
            if (CollectionDefOf(key, graph.GetCollection(key)) is { } def) meta.CollectionDef[key] = def;
        return meta;
    }

    /// <summary>meta_graph.stripped_op_list_for_graph: the OpDefs of the ops the graph (and its functions) use, sorted by name.</summary>
    public static OpList StrippedOpList(GraphDef graphDef)
    {
        var functions = graphDef.Library?.Function.ToDictionary(f => f.Signature.Name) ?? new Dictionary<string, FunctionDef>();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<FunctionDef>();
        void Mark(string op)
        {
            if (used.Add(op) && functions.TryGetValue(op, out var f)) pending.Push(f);
        }
        foreach (var node in graphDef.Node) Mark(node.Op);
        while (pending.Count > 0) foreach (var node in pending.Pop().NodeDef) Mark(node.Op);

        var list = new OpList();
        foreach (var op in used.Where(o => !functions.ContainsKey(o)))
        {
            if (OpRegistry.Registered.TryGetValue(op, out var def)) list.Op.Add(def.Clone());
            else if (op is not ("_Arg" or "_Retval" or "_ListToArray" or "_ArrayToList"))
                throw new ValueError($"Op {op} is used by the graph, but is not registered");
        }
        return list;
    }

    /// <summary>meta_graph.strip_graph_default_valued_attrs: drops every attribute equal to its OpDef default.</summary>
    private static void StripDefaultValuedAttrs(MetaGraphDef meta)
    {
        var functionNames = meta.GraphDef.Library?.Function.Select(f => f.Signature.Name).ToHashSet() ?? new HashSet<string>();
        void Strip(NodeDef node)
        {
            if (functionNames.Contains(node.Op) || !OpRegistry.Registered.TryGetValue(node.Op, out var opDef)) return;
            foreach (var attr in opDef.Attr.Where(a => a.DefaultValue is not null && node.Attr.TryGetValue(a.Name, out var v) && v.Equals(a.DefaultValue)))
                node.Attr.Remove(attr.Name);
        }
        foreach (var node in meta.GraphDef.Node) Strip(node);
        foreach (var function in meta.GraphDef.Library?.Function ?? Enumerable.Empty<FunctionDef>())
            foreach (var node in function.NodeDef) Strip(node);
        meta.MetaInfoDef.StrippedDefaultAttrs = true;
    }

    /// <summary>
    /// add_collection_def for one key; null when the collection is empty or, as Python warns and skips,
    /// when its items do not fit one kind.
    /// </summary>
    public static CollectionDef? CollectionDefOf(string key, IReadOnlyList<object> items)
    {
        if (items.Count == 0) return null;
        var def = new CollectionDef();
        if (VariableCollections.Contains(key))
        {
            if (!items.All(i => i is Variable)) return null;
            def.BytesList = new CollectionDef.Types.BytesList();
            def.BytesList.Value.AddRange(items.Select(i => VariableDefs.ToProto((Variable)i).ToByteString()));
            return def;
        }
        if (key == GraphKeys.COND_CONTEXT)
        {
            if (!items.All(i => i is CondContext)) return null;
            def.BytesList = new CollectionDef.Types.BytesList();
            def.BytesList.Value.AddRange(items.Select(i => ((CondContext)i).ToProto().ToByteString()));
            return def;
        }
        if (key == GraphKeys.SAVERS)
        {
            if (!items.All(i => i is Saver)) return null;
            def.BytesList = new CollectionDef.Types.BytesList();
            def.BytesList.Value.AddRange(items.Select(i => ((Saver)i).saver_def.ToByteString()));
            return def;
        }
        switch (items[0])
        {
            case string or byte[]:
                if (!items.All(i => i is string or byte[])) return null;
                def.BytesList = new CollectionDef.Types.BytesList();
                def.BytesList.Value.AddRange(items.Select(i => i is string s ? ByteString.CopyFromUtf8(s) : ByteString.CopyFrom((byte[])i)));
                return def;
            case int or long:
                if (!items.All(i => i is int or long)) return null;
                def.Int64List = new CollectionDef.Types.Int64List();
                def.Int64List.Value.AddRange(items.Select(System.Convert.ToInt64));
                return def;
            case float or double:
                if (!items.All(i => i is float or double)) return null;
                def.FloatList = new CollectionDef.Types.FloatList();
                def.FloatList.Value.AddRange(items.Select(i => (float)System.Convert.ToDouble(i)));
                return def;
            default:
                // node_list: Python writes x.name: "op" for an Operation, "op:0" for a Tensor or a Variable.
                var names = items.Select(i => i switch { Operation op => op.Name, Tensor t => t.Name, IHasName n => n.Name, _ => null }).ToList();
                if (names.Any(n => n is null)) return null;
                def.NodeList = new CollectionDef.Types.NodeList();
                def.NodeList.Value.AddRange(names!);
                return def;
        }
    }
}
