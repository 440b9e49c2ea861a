using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// Reads a GraphDef (and its function library) without running anything and lists every node that
/// is not plain computation: op types outside <see cref="PureOps"/>, checkpoint ops whose paths
/// leave the model's directory (or whose writes something other than the saver can trigger),
/// PrintV2 to a file, and tensors declared larger than the limit.
/// </summary>
internal sealed class GraphSafetyScanner
{
    private readonly GraphDef _graph;
    private readonly SaverDef? _saver;
    private readonly string _directory;
    private readonly long _maxTensorBytes;
    private readonly Dictionary<string, NodeDef> _nodes = new(StringComparer.Ordinal);

    public GraphSafetyScanner(GraphDef graph, SaverDef? saver, string directory, long maxTensorBytes)
    {
        (_graph, _saver, _directory, _maxTensorBytes) = (graph, saver, directory, maxTensorBytes);
        foreach (var node in graph.Node) _nodes.TryAdd(node.Name, node);
    }

    public List<RiskyNode> Scan()
    {
        var found = new List<RiskyNode>();
        var otherSavers = OtherSaverScopes().ToList();
        var fed = SaverFilenameTensors(otherSavers);
        var tracer = new PathTracer(_nodes, fed);
        foreach (var node in _graph.Node) found.AddRange(CheckNode(node, node.Name, tracer, inFunction: false));
        foreach (var function in _graph.Library?.Function ?? [])
        {
            var name = function.Signature?.Name ?? "?";
            foreach (var node in function.NodeDef) found.AddRange(CheckNode(node, $"{name}/{node.Name}", tracer, inFunction: true));
        }
        found.AddRange(SaverDefaultPath(fed));
        found.AddRange(WritesOutsideTheSaver(otherSavers));
        return found;
    }

    private IEnumerable<RiskyNode> CheckNode(NodeDef node, string shownName, PathTracer tracer, bool inFunction)
    {
        if (PureOps.Contains(node.Op))
        {
            if (DeclaredBytes(node, inFunction) is { } bytes && bytes > _maxTensorBytes)
                yield return new RiskyNode(shownName, node.Op, OpRisk.Memory, $"declares a {Bytes(bytes)} tensor (limit {Bytes(_maxTensorBytes)})");
            yield break;
        }
        if (node.Op == "PrintV2")
        {
            var stream = node.Attr.TryGetValue("output_stream", out var s) ? s.S.ToStringUtf8() : "stderr";
            if (stream.StartsWith("file://", StringComparison.Ordinal))
                yield return new RiskyNode(shownName, node.Op, OpRisk.FileSystem, $"appends to the file '{stream["file://".Length..]}'");
            yield break;
        }
        if (CheckpointPathOps.PathInputs(node.Op) is { } pathInputs && !inFunction)
        {
            foreach (var (index, writes) in pathInputs)
                if (PathProblem(node, index, tracer) is { } problem)
                    yield return new RiskyNode(shownName, node.Op, OpRisk.FileSystem, $"{(writes ? "writes" : "reads")} a checkpoint: {problem}");
            yield break;
        }
        var (risk, reason) = RiskyOps.Classify(node.Op);
        yield return new RiskyNode(shownName, node.Op, risk, reason + (inFunction ? " (inside a library function)" : ""));
    }

    /// <summary>Why the path input <paramref name="index"/> may leave the model's directory, or null if it cannot.</summary>
    private string? PathProblem(NodeDef node, int index, PathTracer tracer)
    {
        var inputs = node.Input.Where(i => !i.StartsWith('^')).ToList();
        if (index >= inputs.Count) return "it lacks its path input";
        var (paths, unknown) = tracer.Trace(inputs[index]);
        if (paths is null) return unknown;
        foreach (var path in paths)
        {
            if (path.Fed && !ModelDirectory.IsTameSuffix(path.Text))
                return $"it appends '{path.Text}' to the model's checkpoint prefix, which climbs out of the model's directory";
            if (!path.Fed && !Path.IsPathRooted(path.Text))
                return $"the relative path '{path.Text}' would be resolved against the working directory, not the model's";
            if (!path.Fed && !ModelDirectory.Contains(_directory, path.Text))
                return $"the path '{path.Text}' is outside the model's directory '{_directory}'";
        }
        return null;
    }

    /// <summary>
    /// The filename tensors of every saver in the graph, as "node:index": the one saver_def names (the loader
    /// feeds it), and any other saver Python left in the graph — simple_save and SavedModelBuilder add their
    /// own beside the graph's tf.train.Saver. saver.py builds each as PlaceholderWithDefault "SCOPE/Const" over
    /// PlaceholderWithDefault "SCOPE/filename": its ops run only when that saver is run, with a prefix fed.
    /// </summary>
    private HashSet<string> SaverFilenameTensors(IEnumerable<string> otherSaverScopes)
    {
        var fed = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(_saver?.FilenameTensorName))
        {
            var t = TensorRef.Parse(_saver.FilenameTensorName);
            fed.Add($"{t.Node}:{t.Index}");
        }
        foreach (var scope in otherSaverScopes) fed.Add($"{scope}/Const:0");
        return fed;
    }

    /// <summary>Name scopes of savers shaped as saver.py builds them, other than the one saver_def names.</summary>
    private IEnumerable<string> OtherSaverScopes()
    {
        var primary = string.IsNullOrEmpty(_saver?.FilenameTensorName) ? null : TensorRef.Parse(_saver.FilenameTensorName).Node;
        foreach (var node in _graph.Node)
        {
            if (node.Op != "PlaceholderWithDefault" || !node.Name.EndsWith("/Const", StringComparison.Ordinal) || node.Name == primary) continue;
            var scope = node.Name[..^"/Const".Length];
            if (node.Input.Count == 1 && node.Input[0] == $"{scope}/filename" &&
                _nodes.TryGetValue($"{scope}/filename", out var filename) && filename.Op == "PlaceholderWithDefault")
                yield return scope;
        }
    }

    /// <summary>
    /// A saver's filename tensor is fed on restore, but its default (Python: "model", a path
    /// relative to the .meta) is what a run without the feed uses: it must stay in the directory.
    /// </summary>
    private IEnumerable<RiskyNode> SaverDefaultPath(IEnumerable<string> filenameTensors)
    {
        foreach (var fed in filenameTensors)
        {
            var t = TensorRef.Parse(fed);
            if (!_nodes.TryGetValue(t.Node, out var node))
            {
                yield return new RiskyNode(t.Node, "?", OpRisk.FileSystem, $"the saver's filename tensor '{_saver!.FilenameTensorName}' is not in the graph");
                continue;
            }
            if (node.Op != "PlaceholderWithDefault" || node.Input.Count == 0) continue; // a plain Placeholder has no default
            var (paths, unknown) = new PathTracer(_nodes, new HashSet<string>()).Trace(node.Input[0]);
            if (paths is null)
            {
                yield return new RiskyNode(node.Name, node.Op, OpRisk.FileSystem, $"the saver's default checkpoint path cannot be checked: {unknown}");
                continue;
            }
            foreach (var path in paths.Where(p => !ModelDirectory.Contains(_directory, p.Text)))
                yield return new RiskyNode(node.Name, node.Op, OpRisk.FileSystem,
                    $"the saver's default checkpoint path '{path.Text}' escapes the model's directory '{_directory}'");
        }
    }

    /// <summary>
    /// Write ops are fine inside a saver's save path (run only by an explicit save): the save tensor's
    /// ancestors for the saver_def's saver, the saver's own name scope for another one. Anything else
    /// that depends on one (a logits node with a control input on a SaveV2) would write on every run,
    /// so it is flagged.
    /// </summary>
    private IEnumerable<RiskyNode> WritesOutsideTheSaver(IReadOnlyList<string> otherSaverScopes)
    {
        var writers = _graph.Node.Where(n => CheckpointPathOps.Writes(n.Op)).ToList();
        if (writers.Count == 0) yield break;
        var saveTensor = string.IsNullOrEmpty(_saver?.SaveTensorName) ? null : TensorRef.Parse(_saver.SaveTensorName).Node;
        var savePath = saveTensor is null ? new HashSet<string>() : Ancestors(saveTensor);
        var consumers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in _graph.Node)
            foreach (var input in node.Input)
            {
                var from = TensorRef.Parse(input).Node;
                if (!consumers.TryGetValue(from, out var list)) consumers[from] = list = new List<string>();
                list.Add(node.Name);
            }
        var otherSavers = otherSaverScopes.Select(scope => scope + "/").ToList();
        foreach (var writer in writers)
        {
            var ownScope = otherSavers.FirstOrDefault(scope => writer.Name.StartsWith(scope, StringComparison.Ordinal));
            var outside = Descendants(writer.Name, consumers)
                .FirstOrDefault(d => !savePath.Contains(d) && !(ownScope is not null && IsSaveBookkeeping(d, ownScope)));
            if (outside is not null)
                yield return new RiskyNode(writer.Name, writer.Op, OpRisk.FileSystem,
                    $"writes a checkpoint whenever '{outside}' runs, which is not part of the saver's save path");
        }
    }

    /// <summary>
    /// What saver.py hangs after a SaveV2 in its own scope: the string Identity "control_dependency" (the save
    /// tensor), and for sharded saves the Pack/MergeV2Checkpoints of the shard names. A float op there (logits
    /// named into the saver's scope) is not bookkeeping: running it would write.
    /// </summary>
    private bool IsSaveBookkeeping(string name, string scope)
    {
        if (!name.StartsWith(scope, StringComparison.Ordinal) || !_nodes.TryGetValue(name, out var node)) return false;
        if (node.Op is "NoOp" or "MergeV2Checkpoints") return true;
        return node.Op is "Identity" or "Pack" or "StringJoin" or "ShardedFilename"
               && (!node.Attr.TryGetValue("T", out var t) || t.Type == DataType.DtString);
    }

    private HashSet<string> Ancestors(string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
            if (_nodes.TryGetValue(stack.Pop(), out var node))
                foreach (var input in node.Input)
                    if (seen.Add(TensorRef.Parse(input).Node)) stack.Push(TensorRef.Parse(input).Node);
        return seen;
    }

    private static IEnumerable<string> Descendants(string start, Dictionary<string, List<string>> consumers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
            foreach (var next in consumers.GetValueOrDefault(stack.Pop()) ?? [])
                if (seen.Add(next)) { stack.Push(next); yield return next; }
    }

    /// <summary>Bytes a Const holds or a Fill/Empty/random op with a constant shape allocates (null: not known statically).</summary>
    private long? DeclaredBytes(NodeDef node, bool inFunction)
    {
        if (node.Op == "Const")
            return node.Attr.TryGetValue("value", out var v) && v.Tensor is { } t ? TensorProtoFacts.DeclaredBytes(t.TensorShape, t.Dtype) : null;
        var dtypeAttr = node.Op switch
        {
            "Fill" => "T",
            "Empty" or "RandomUniform" or "RandomStandardNormal" or "TruncatedNormal" => "dtype",
            "RandomUniformInt" => "Tout",
            _ => null,
        };
        if (dtypeAttr is null || inFunction || node.Input.Count == 0) return null;
        if (!_nodes.TryGetValue(TensorRef.Parse(node.Input[0]).Node, out var shapeNode) || shapeNode.Op != "Const") return null;
        if (!shapeNode.Attr.TryGetValue("value", out var shapeValue) || shapeValue.Tensor is null) return null;
        if (TensorProtoFacts.Integers(shapeValue.Tensor) is not { } dims || dims.Any(d => d < 0)) return null;
        var dtype = node.Attr.TryGetValue(dtypeAttr, out var d) ? d.Type : DataType.DtFloat;
        long n = 1;
        foreach (var dim in dims)
        {
            if (dim != 0 && n > long.MaxValue / dim) return long.MaxValue;
            n *= dim;
        }
        return n > long.MaxValue / TensorProtoFacts.ElementSize(dtype) ? long.MaxValue : n * TensorProtoFacts.ElementSize(dtype);
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        _ => $"{bytes} bytes",
    };
}
