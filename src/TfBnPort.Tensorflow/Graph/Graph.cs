using TfBnPort.Tensorflow.ControlFlow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>
/// A TF1 computation graph: owns the native TF_Graph and keeps, on the C# side, what Python's
/// ops.Graph keeps (name scopes and unique names, collections, control dependencies, the op
/// counter that drives random seeds, the current tf.cond branch).
/// </summary>
public sealed partial class Graph : IDisposable
{
    private readonly List<Operation> _operations = new();
    private readonly Dictionary<string, Operation> _byName = new();
    private readonly Dictionary<IntPtr, Operation> _byHandle = new();
    private readonly Dictionary<(int OpId, int Index), List<Operation>> _consumers = new();
    private readonly Dictionary<string, List<object>> _collections = new();
    private readonly Dictionary<string, object> _extras = new();

    public Graph() => Handle = SafeGraphHandle.Create();

    internal SafeGraphHandle Handle { get; }
    public bool IsDisposed { get; private set; }

    /// <summary>The graph-level seed set by tf.set_random_seed (null: none).</summary>
    public int? Seed { get; set; }

    /// <summary>Python's graph._last_id: how many ops have been created so far.</summary>
    public int LastId => _operations.Count;

    public IReadOnlyList<Operation> Operations => _operations;

    /// <summary>The tf.cond branch ops are being built in (null outside any cond).</summary>
    public CondContext? ControlFlowContext { get; internal set; }

    public Operation? OperationByName(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Looks an op or tensor up by its TF name ("dense/kernel" or "dense/MatMul:0").</summary>
    public object AsGraphElement(string name)
    {
        ThrowIfDisposed();
        var colon = name.LastIndexOf(':');
        if (colon > 0 && int.TryParse(name[(colon + 1)..], out var index))
        {
            var opName = name[..colon];
            var op = OperationByName(opName) ?? throw new KeyError(
                $"The name '{name}' refers to a Tensor which does not exist. The operation, '{opName}', does not exist in the graph.");
            if (index >= op.Outputs.Count)
                throw new KeyError($"The name '{name}' refers to a Tensor which does not exist. The operation, '{opName}', exists but only has {op.Outputs.Count} outputs.");
            return op.Outputs[index];
        }
        return (object?)OperationByName(name) ?? throw new KeyError($"The name '{name}' refers to an Operation not in the graph.");
    }

    public Tensor GetTensorByName(string name) =>
        AsGraphElement(name) as Tensor ?? throw new ValueError($"Name '{name}' appears to refer to an Operation, not a Tensor (add ':0').");

    internal Operation Register(IntPtr handle, Tensor[] inputs, Operation[] controlInputs, IReadOnlyDictionary<string, object> attrs)
    {
        var op = new Operation(this, handle, _operations.Count + 1, inputs, controlInputs, ControlFlowContext) { Attrs = attrs };
        _operations.Add(op);
        _byName[op.Name] = op;
        _byHandle[handle] = op;
        foreach (var input in inputs)
        {
            var key = (input.Op.Id, input.ValueIndex);
            if (!_consumers.TryGetValue(key, out var list)) _consumers[key] = list = new List<Operation>();
            list.Add(op);
        }
        ControlFlowContext?.AddOp(op);
        return op;
    }

    internal IReadOnlyList<Operation> ConsumersOf(Tensor t) =>
        _consumers.TryGetValue((t.Op.Id, t.ValueIndex), out var list) ? list : Array.Empty<Operation>();

    /// <summary>Per-graph state of higher layers (variable store, layer name counters...).</summary>
    public T GetOrCreateExtra<T>(string key, Func<T> create) where T : notnull
    {
        if (!_extras.TryGetValue(key, out var value)) _extras[key] = value = create();
        return (T)value;
    }

    // --- collections (tf.add_to_collection / tf.get_collection) ---

    public void AddToCollection(string name, object value)
    {
        if (!_collections.TryGetValue(name, out var list)) _collections[name] = list = new List<object>();
        list.Add(value);
    }

    public void AddToCollections(IEnumerable<string> names, object value)
    {
        foreach (var name in names.Distinct()) AddToCollection(name, value);
    }

    /// <summary>Items of a collection; with <paramref name="scope"/>, only those whose name matches it from the start (re.match).</summary>
    public List<object> GetCollection(string name, string? scope = null)
    {
        if (!_collections.TryGetValue(name, out var list)) return new List<object>();
        if (scope is null) return list.ToList();
        var regex = new System.Text.RegularExpressions.Regex("^(?:" + scope + ")");
        return list.Where(item => NameOf(item) is { } n && regex.IsMatch(n)).ToList();
    }

    public List<object> GetCollectionRef(string name)
    {
        if (!_collections.TryGetValue(name, out var list)) _collections[name] = list = new List<object>();
        return list;
    }

    public IReadOnlyCollection<string> CollectionKeys => _collections.Keys;

    private static string? NameOf(object item) => item switch
    {
        Operation op => op.Name,
        Tensor t => t.Name,
        IHasName n => n.Name,
        _ => null,
    };

    /// <summary>Serialized GraphDef (binary protobuf).</summary>
    public byte[] ToGraphDef()
    {
        ThrowIfDisposed();
        using var buffer = SafeBufferHandle.Create();
        using var status = new TfStatus();
        TfNative.TF_GraphToGraphDef(Handle.DangerousGetHandle(), buffer.DangerousGetHandle(), status.Handle);
        status.Check("exporting GraphDef");
        return buffer.ToArray();
    }

    internal void ThrowIfDisposed()
    {
        if (IsDisposed)
            throw new ObjectDisposedException(nameof(Graph), "This Graph has been disposed; build a new one (or keep it alive while its tensors and sessions are used).");
    }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Handle.Dispose();
    }
}

/// <summary>Anything with a TF name that can sit in a collection (variables, for instance).</summary>
public interface IHasName
{
    string Name { get; }
}
