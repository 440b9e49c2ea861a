namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.device and tf.colocate_with, as ops.Graph keeps them: a stack of device scopes (a spec to merge,
/// a device function, or None that hides every outer scope) applied innermost first to each new op,
/// then the colocation stack, which wins: an op colocated with another takes its device and its
/// `_class` ("loc:@NAME") groups.
/// </summary>
public sealed partial class Graph
{
    private List<DeviceScope> _deviceStack = new();
    private readonly List<Operation> _colocationStack = new();
    private string[]? _classAttrScope;

    /// <summary>graph.device(spec): ops built inside merge <paramref name="spec"/> into their device (inner scopes win field by field); null hides every outer scope.</summary>
    public IDisposable device(string? spec) => PushDevice(spec is null ? DeviceScope.Null : DeviceScope.Merge(DeviceSpec.from_string(spec)));

    public IDisposable device(DeviceSpec spec) => PushDevice(DeviceScope.Merge(spec));

    /// <summary>graph.device(function): the function maps each new op (see <see cref="Operation.IsBuilt"/>) to its whole device string.</summary>
    public IDisposable device(Func<Operation, string?> function) => PushDevice(DeviceScope.Function(function));

    private IDisposable PushDevice(DeviceScope scope)
    {
        ThrowIfDisposed();
        var stack = _deviceStack;
        stack.Add(scope);
        return new Popper(() =>
        {
            if (stack.Count == 0 || !ReferenceEquals(stack[^1], scope))
                throw new InvalidOperationException("Exiting device scope without proper scope nesting.");
            stack.RemoveAt(stack.Count - 1);
        });
    }

    /// <summary>
    /// graph.colocate_with(op): ops built inside go where <paramref name="op"/> goes (an Operation,
    /// a Tensor's op, a Variable's VariableV2) and record it in `_class`. As in Python, device scopes
    /// from outside are suspended meanwhile; <paramref name="ignore_existing"/> also drops outer colocations.
    /// </summary>
    public IDisposable colocate_with(object? op, bool ignore_existing = false)
    {
        ThrowIfDisposed();
        if (op is null && !ignore_existing)
            throw new ValueError("Trying to reset colocation (op is None) but ignore_existing is not True");
        var target = op is null ? null : ToColocationOp(op);
        var savedDevices = _deviceStack;
        _deviceStack = new List<DeviceScope>();
        var savedColocations = ignore_existing ? _colocationStack.ToList() : null;
        if (ignore_existing) _colocationStack.Clear();
        if (target is not null) _colocationStack.Add(target);
        return new Popper(() =>
        {
            _deviceStack = savedDevices;
            if (target is not null) _colocationStack.RemoveAt(_colocationStack.Count - 1);
            if (savedColocations is not null) { _colocationStack.Clear(); _colocationStack.AddRange(savedColocations); }
        });
    }

    private static Operation ToColocationOp(object op) => op switch
    {
        Operation o => o,
        Tensor t => t.Op,
        Variable v => v.Ref.Op,
        IHasOp h => h.Op,
        _ => throw new TypeError($"Can not colocate with a {op.GetType().Name}: pass an Operation, a Tensor or a Variable."),
    };

    /// <summary>Python's _attr_scope({"_class": ...}) used for a variable's initializer, which is built before the variable exists.</summary>
    internal IDisposable ColocationAttrScope(string opName)
    {
        var saved = _classAttrScope;
        _classAttrScope = new[] { "loc:@" + opName };
        return new Popper(() => _classAttrScope = saved);
    }

    /// <summary>The device and `_class` attr for an op about to be finished (create_op: device functions, then colocation).</summary>
    internal (string Device, string[]? ClassAttr) PlaceNewOp(string name, string type, Tensor[] inputs, IReadOnlyDictionary<string, object> attrs)
    {
        var classAttr = attrs.TryGetValue("_class", out var c) ? (string[])c : _classAttrScope;
        var device = "";
        if (_deviceStack.Count > 0)
        {
            var pending = new Operation(this, name, type, inputs, attrs);
            for (var i = _deviceStack.Count - 1; i >= 0; i--)
            {
                var scope = _deviceStack[i];
                if (scope.IsNullMerge) continue;
                if (scope.IsNull) break;
                pending.Device = device = scope.Apply(pending);
            }
        }
        if (_colocationStack.Count > 0)
        {
            var groups = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var op in _colocationStack)
            {
                groups.UnionWith(op.ColocationGroups);
                if (op.Device != "") device = op.Device;
            }
            classAttr = groups.ToArray();
        }
        return (device, classAttr);
    }

    private sealed class DeviceScope
    {
        private DeviceSpec? _spec;
        private Func<Operation, string?>? _function;

        public static DeviceScope Null => new();
        public static DeviceScope Merge(DeviceSpec spec) => new() { _spec = spec };
        public static DeviceScope Function(Func<Operation, string?> f) => new() { _function = f };

        public bool IsNull => _spec is null && _function is null;
        public bool IsNullMerge => _spec is not null && _spec.to_string() == "";

        /// <summary>A spec fills only what the op's device (from inner scopes) leaves unset; a function decides alone.</summary>
        public string Apply(Operation op) => _spec is not null
            ? _spec.make_merged_spec(DeviceSpec.from_string(op.Device)).to_string()
            : _function!(op) ?? "";
    }
}
