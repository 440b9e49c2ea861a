using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// Checks in C#, before TensorFlow's C++ importer (TF_GraphImportGraphDef) sees a GraphDef,
/// what that importer and the shape functions it runs may CHECK-fail (abort the process) on
/// instead of returning an error: shapes TensorShape's constructor rejects (rank over 254,
/// dims below -1, element counts overflowing int64), tensors whose dtype or content does not
/// fit their shape, dtypes outside types.proto, attrs of another kind than the OpDef declares.
/// Also refuses, with clearer messages than TensorFlow's, duplicate node names and ops this
/// runtime does not register. A refusal is a <see cref="ModelFileException"/>.
/// </summary>
public static class GraphDefValidator
{
    public static void Validate(GraphDef graph, string source, string path)
    {
        var functions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in graph.Library?.Function ?? [])
        {
            var name = function.Signature?.Name ?? "";
            if (name.Length == 0) Refuse(source, path, "a library function has no name");
            if (!functions.Add(name)) Refuse(source, path, $"the library defines the function '{name}' twice");
        }
        CheckNodes(graph.Node, source, path, functions, where: "");
        foreach (var function in graph.Library?.Function ?? [])
        {
            foreach (var arg in (function.Signature?.InputArg ?? []).Concat(function.Signature?.OutputArg ?? []))
                if (arg.Type != DataType.DtInvalid && !TensorProtoFacts.IsKnown(arg.Type))
                    Refuse(source, path, $"function '{function.Signature!.Name}': argument '{arg.Name}' has the unknown dtype {(int)arg.Type}");
            foreach (var (attrName, value) in function.Attr) CheckAttr(value, $"function '{function.Signature!.Name}' attr '{attrName}'", source, path, 0);
            CheckNodes(function.NodeDef, source, path, functions, where: $" in function '{function.Signature!.Name}'");
        }
    }

    private static void CheckNodes(IEnumerable<NodeDef> nodes, string source, string path, HashSet<string> functions, string where)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Name.Length == 0) Refuse(source, path, $"a node{where} has no name (op '{node.Op}')");
            if (!names.Add(node.Name)) Refuse(source, path, $"two nodes{where} are named '{node.Name}'");
            if (node.Op.Length == 0) Refuse(source, path, $"node '{node.Name}'{where} has no op type");
            var opDef = RuntimeOps.Find(node.Op);
            if (opDef is null && !functions.Contains(node.Op))
                Refuse(source, path, $"node '{node.Name}'{where} uses the op '{node.Op}', which TensorFlow {tf.VERSION} does not register " +
                                     "(a newer TensorFlow or a custom op library wrote it)");
            foreach (var (attrName, value) in node.Attr)
            {
                var what = $"node '{node.Name}'{where} ({node.Op}) attr '{attrName}'";
                CheckAttr(value, what, source, path, 0);
                if (opDef?.Attr.FirstOrDefault(a => a.Name == attrName) is { } attrDef && !KindMatches(attrDef.Type, value))
                    Refuse(source, path, $"{what} holds a {Kind(value)} where the op declares '{attrDef.Type}'");
            }
        }
    }

    private static void CheckAttr(AttrValue value, string what, string source, string path, int depth)
    {
        switch (value.ValueCase)
        {
            case AttrValue.ValueOneofCase.Type: CheckType(value.Type, what, source, path); break;
            case AttrValue.ValueOneofCase.Shape: CheckShape(value.Shape, partial: true, what, source, path); break;
            case AttrValue.ValueOneofCase.Tensor: CheckTensor(value.Tensor, what, source, path); break;
            case AttrValue.ValueOneofCase.Func: CheckFunc(value.Func, what, source, path, depth); break;
            case AttrValue.ValueOneofCase.List:
                foreach (var t in value.List.Type) CheckType(t, what, source, path);
                foreach (var s in value.List.Shape) CheckShape(s, partial: true, what, source, path);
                foreach (var t in value.List.Tensor) CheckTensor(t, what, source, path);
                foreach (var f in value.List.Func) CheckFunc(f, what, source, path, depth);
                break;
        }
    }

    private static void CheckFunc(NameAttrList func, string what, string source, string path, int depth)
    {
        if (depth > 16) Refuse(source, path, $"{what} nests function attributes more than 16 deep");
        foreach (var (name, value) in func.Attr) CheckAttr(value, $"{what} (function '{func.Name}' attr '{name}')", source, path, depth + 1);
    }

    private static void CheckType(DataType type, string what, string source, string path)
    {
        if (!TensorProtoFacts.IsKnown(type)) Refuse(source, path, $"{what} names the dtype {(int)type}, which TensorFlow does not define");
    }

    /// <summary>TensorShape::IsValid's rules: at most 254 dims, each ≥ -1 (≥ 0 when fully defined), no int64 overflow.</summary>
    private static void CheckShape(TensorShapeProto? shape, bool partial, string what, string source, string path)
    {
        if (shape is null) return;
        if (shape.UnknownRank && (shape.Dim.Count > 0 || !partial)) Refuse(source, path, $"{what} has an unknown rank and dimensions at once");
        if (shape.Dim.Count > TensorProtoFacts.MaxDimensions)
            Refuse(source, path, $"{what} has {shape.Dim.Count} dimensions (TensorFlow allows {TensorProtoFacts.MaxDimensions})");
        long n = 1;
        foreach (var dim in shape.Dim)
        {
            if (dim.Size < (partial ? -1 : 0)) Refuse(source, path, $"{what} has the dimension {dim.Size}");
            if (dim.Size < 0) { n = -1; continue; }
            if (n < 0) continue;
            try { n = checked(n * dim.Size); }
            catch (OverflowException) { Refuse(source, path, $"{what} has more than 2**63-1 elements"); }
        }
    }

    /// <summary>A tensor's shape is fully defined, its dtype exists, and its content fits the shape.</summary>
    private static void CheckTensor(TensorProto tensor, string what, string source, string path)
    {
        if (!TensorProtoFacts.IsKnown(tensor.Dtype)) Refuse(source, path, $"{what} is a tensor of dtype {(int)tensor.Dtype}, which TensorFlow does not define");
        CheckShape(tensor.TensorShape, partial: false, what, source, path);
        var n = TensorProtoFacts.NumElements(tensor.TensorShape) ?? 0;
        var dtype = TensorProtoFacts.BaseType(tensor.Dtype);
        if (dtype is DataType.DtResource or DataType.DtVariant)
            Refuse(source, path, $"{what} is a constant {dtype} tensor, which a model file cannot carry safely");
        if (!tensor.TensorContent.IsEmpty && dtype != DataType.DtString
            && tensor.TensorContent.Length != n * TensorProtoFacts.ElementSize(dtype))
            Refuse(source, path, $"{what} holds {tensor.TensorContent.Length} bytes of content for {n} elements of {dtype}");
        var values = tensor.FloatVal.Count + tensor.DoubleVal.Count + tensor.IntVal.Count + tensor.Int64Val.Count + tensor.BoolVal.Count
                     + tensor.StringVal.Count + tensor.HalfVal.Count + tensor.Uint32Val.Count + tensor.Uint64Val.Count
                     + tensor.ScomplexVal.Count / 2 + tensor.DcomplexVal.Count / 2 + tensor.ResourceHandleVal.Count + tensor.VariantVal.Count;
        if (values > n) Refuse(source, path, $"{what} lists {values} values for a tensor of {n} elements");
    }

    private static bool KindMatches(string declared, AttrValue value) => value.ValueCase switch
    {
        AttrValue.ValueOneofCase.None or AttrValue.ValueOneofCase.Placeholder => true,
        AttrValue.ValueOneofCase.List => declared.StartsWith("list(", StringComparison.Ordinal),
        _ => declared == Kind(value),
    };

    private static string Kind(AttrValue value) => value.ValueCase switch
    {
        AttrValue.ValueOneofCase.S => "string",
        AttrValue.ValueOneofCase.I => "int",
        AttrValue.ValueOneofCase.F => "float",
        AttrValue.ValueOneofCase.B => "bool",
        AttrValue.ValueOneofCase.Type => "type",
        AttrValue.ValueOneofCase.Shape => "shape",
        AttrValue.ValueOneofCase.Tensor => "tensor",
        AttrValue.ValueOneofCase.Func => "func",
        AttrValue.ValueOneofCase.List => "list",
        _ => value.ValueCase.ToString().ToLowerInvariant(),
    };

    private static void Refuse(string source, string path, string problem) =>
        throw new ModelFileException($"{source} cannot be imported: {problem}. The file is damaged, or was not written by TensorFlow.", path);
}
