using System.Globalization;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Console.Output;

/// <summary>
/// What `show` prints about a model file, in saved_model_cli show --all's wording where it overlaps
/// (tag-sets, signature_def['…'], inputs['…'] tensor_info with dtype / shape / name, Method name is),
/// plus what the graph holds: placeholders, collections, variables and op types.
/// </summary>
public static class ModelReport
{
    public static IEnumerable<string> Lines(ModelFile model)
    {
        yield return $"{model.Path}: {Describe(model)}";
        yield return $"Written by {model.WrittenBy}.";
        if (model.Kind == ModelKind.SavedModel)
            foreach (var line in SavedModelLines(model.SavedModel!)) yield return line;
        else if (model.MetaGraph is { } meta && meta.SignatureDef.Count > 0)
            foreach (var line in SignatureLines(meta)) yield return line;
        foreach (var line in GraphLines(model)) yield return line;
    }

    private static string Describe(ModelFile model) => model.Kind switch
    {
        ModelKind.SavedModel => $"SavedModel, {model.SavedModel!.MetaGraphs.Count} meta graph(s); the one tagged '{string.Join(", ", model.MetaGraph!.MetaInfoDef.Tags)}' is described below",
        ModelKind.MetaGraph => "MetaGraphDef (.meta)",
        _ => "GraphDef" + (model.GraphDef.Node.Any(n => n.Op is "VariableV2" or "Variable" or "VarHandleOp") ? "" : " (no variables: frozen)"),
    };

    private static IEnumerable<string> SavedModelLines(TfBnPort.Tensorflow.Protos.SavedModel savedModel)
    {
        foreach (var meta in savedModel.MetaGraphs.OrderBy(m => string.Join(",", m.MetaInfoDef.Tags.Order()), StringComparer.Ordinal))
        {
            yield return "";
            yield return $"MetaGraphDef with tag-set: '{string.Join(", ", meta.MetaInfoDef.Tags)}' contains the following SignatureDefs:";
            foreach (var line in SignatureLines(meta)) yield return line;
        }
    }

    private static IEnumerable<string> SignatureLines(MetaGraphDef meta)
    {
        foreach (var (key, signature) in meta.SignatureDef.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            yield return "";
            yield return $"signature_def['{key}']:";
            yield return "  The given SavedModel SignatureDef contains the following input(s):";
            foreach (var (name, info) in signature.Inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                foreach (var line in TensorInfoLines($"inputs['{name}']", info)) yield return line;
            yield return "  The given SavedModel SignatureDef contains the following output(s):";
            foreach (var (name, info) in signature.Outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                foreach (var line in TensorInfoLines($"outputs['{name}']", info)) yield return line;
            yield return $"  Method name is: {signature.MethodName}";
        }
    }

    private static IEnumerable<string> TensorInfoLines(string label, TensorInfo info)
    {
        yield return $"    {label} tensor_info:";
        yield return $"        dtype: {DataTypeName(info.Dtype)}";
        yield return $"        shape: {CliShape(info.TensorShape)}";
        yield return $"        name: {info.Name}";
    }

    private static IEnumerable<string> GraphLines(ModelFile model)
    {
        var graph = model.GraphDef;
        yield return "";
        yield return "Placeholders:";
        foreach (var node in ModelTensors.Placeholders(graph))
        {
            var dtype = node.Attr.TryGetValue("dtype", out var d) ? TensorProtos.FromProto(d.Type).PyName() : "?";
            var shape = node.Attr.TryGetValue("shape", out var s) ? TensorProtos.FromProto(s.Shape).ToString() : "<unknown>";
            yield return $"  {node.Name}:0  {dtype}  {shape}{(node.Op == "PlaceholderWithDefault" ? "  (has a default)" : "")}";
        }
        if (model.MetaGraph is { } meta)
        {
            yield return "";
            yield return $"Collections ({meta.CollectionDef.Count}):";
            foreach (var (name, collection) in meta.CollectionDef.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                yield return $"  {name}: {CollectionSize(collection)}";
        }
        var variables = graph.Node.Where(n => n.Op is "VariableV2" or "Variable").ToList();
        var bytes = variables.Sum(VariableBytes);
        yield return "";
        yield return $"Variables: {variables.Count} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
        yield return "";
        var ops = graph.Node.GroupBy(n => n.Op).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        yield return $"Op types ({ops.Count} types, {graph.Node.Count} nodes):";
        foreach (var group in ops) yield return $"  {group.Key} {group.Count()}";
    }

    private static string CollectionSize(CollectionDef collection) => collection.KindCase switch
    {
        CollectionDef.KindOneofCase.NodeList => $"{collection.NodeList.Value.Count} node(s)",
        CollectionDef.KindOneofCase.BytesList => $"{collection.BytesList.Value.Count} bytes value(s)",
        CollectionDef.KindOneofCase.Int64List => $"{collection.Int64List.Value.Count} int64 value(s)",
        CollectionDef.KindOneofCase.FloatList => $"{collection.FloatList.Value.Count} float value(s)",
        CollectionDef.KindOneofCase.AnyList => $"{collection.AnyList.Value.Count} Any value(s)",
        _ => "empty",
    };

    private static long VariableBytes(NodeDef node)
    {
        if (!node.Attr.TryGetValue("shape", out var shapeAttr) || !node.Attr.TryGetValue("dtype", out var dtypeAttr)) return 0;
        var shape = TensorProtos.FromProto(shapeAttr.Shape);
        if (!shape.IsFullyDefined) return 0;
        try { return shape.NumElements * TensorProtos.FromProto(dtypeAttr.Type).ByteSize(); }
        catch (NotSupportedException) { return 0; }
    }

    /// <summary>DT_FLOAT, as saved_model_cli names dtypes.</summary>
    private static string DataTypeName(DataType dtype) =>
        Enum.IsDefined(dtype) ? string.Join("_", System.Text.RegularExpressions.Regex.Split(dtype.ToString(), "(?<!^)(?=[A-Z])")).ToUpperInvariant()
                              : ((int)dtype).ToString(CultureInfo.InvariantCulture);

    /// <summary>saved_model_cli's shape: "(-1, 784)", or "unknown_rank".</summary>
    private static string CliShape(TensorShapeProto? shape) =>
        shape is null || shape.UnknownRank ? "unknown_rank" : "(" + string.Join(", ", shape.Dim.Select(d => d.Size)) + ")";
}
