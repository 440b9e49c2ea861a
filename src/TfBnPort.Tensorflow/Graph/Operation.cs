using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>A node of a <see cref="Graph"/>. The native TF_Operation is owned by the graph.</summary>
public sealed class Operation
{
    private readonly Tensor[] _outputs;

    internal Operation(Graph graph, IntPtr handle, int id, Tensor[] inputs, Operation[] controlInputs, ControlFlow.CondContext? context)
    {
        Graph = graph;
        Handle = handle;
        Id = id;
        Inputs = inputs;
        ControlInputs = controlInputs;
        ControlFlowContext = context;
        Name = TfNative.PtrToString(TfNative.TF_OperationName(handle));
        Type = TfNative.PtrToString(TfNative.TF_OperationOpType(handle));
        var n = TfNative.TF_OperationNumOutputs(handle);
        _outputs = new Tensor[n];
        for (var i = 0; i < n; i++) _outputs[i] = new Tensor(this, i);
        Device = TfNative.PtrToString(TfNative.TF_OperationDevice(handle));
    }

    /// <summary>
    /// An op being built, as device functions see it (Python hands them the new Operation; the C API
    /// fixes the device before TF_FinishOperation): name, type, inputs, attrs and the device chosen so
    /// far are set; it has no outputs and no native handle yet.
    /// </summary>
    internal Operation(Graph graph, string name, string type, Tensor[] inputs, IReadOnlyDictionary<string, object> attrs)
    {
        Graph = graph;
        Name = name;
        Type = type;
        Inputs = inputs;
        ControlInputs = Array.Empty<Operation>();
        Attrs = attrs;
        _outputs = Array.Empty<Tensor>();
    }

    public Graph Graph { get; }
    internal IntPtr Handle { get; }

    /// <summary>The TF_Operation*, for calling the C API directly; valid while the graph lives.</summary>
    public IntPtr NativeHandle => Handle;

    /// <summary>Creation order in the graph, 1-based (Python's op._id; drives random seeds).</summary>
    public int Id { get; }
    public string Name { get; }
    public string Type { get; }
    // Settable for ops imported from a GraphDef, whose inputs may be created after them (loop back edges).
    public IReadOnlyList<Tensor> Inputs { get; internal set; }
    public IReadOnlyList<Operation> ControlInputs { get; internal set; }
    public IReadOnlyList<Tensor> Outputs => _outputs;

    /// <summary>The requested device ("/job:ps/task:0", or "" when placement is left to TensorFlow).</summary>
    public string Device { get; internal set; } = "";

    /// <summary>Python's op.colocation_groups(): the "loc:@NAME" entries of its `_class` attr, else its own.</summary>
    public IReadOnlyList<string> ColocationGroups =>
        Attrs.TryGetValue("_class", out var v) && v is string[] groups && groups.Any(g => g.StartsWith("loc:@", StringComparison.Ordinal))
            ? groups.Where(g => g.StartsWith("loc:@", StringComparison.Ordinal)).ToArray()
            : new[] { "loc:@" + Name };

    /// <summary>Whether the native op exists yet (false only for the op a device function is shown).</summary>
    public bool IsBuilt => Handle != IntPtr.Zero;

    /// <summary>The tf.cond branch this op was built in, if any.</summary>
    public ControlFlow.CondContext? ControlFlowContext { get; internal set; }

    /// <summary>Attributes recorded when the op was built (what the gradient functions need).</summary>
    public IReadOnlyDictionary<string, object> Attrs { get; internal set; } = new Dictionary<string, object>();

    public T Attr<T>(string name) => Attrs.TryGetValue(name, out var v) ? (T)v
        : throw new KeyError($"Operation '{Name}' ({Type}) has no recorded attribute '{name}'.");

    public Tensor Output(int i) => _outputs[i];

    public override string ToString() => $"<tf.Operation '{Name}' type={Type}>";
}
