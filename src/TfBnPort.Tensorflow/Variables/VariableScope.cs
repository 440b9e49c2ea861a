namespace TfBnPort.Tensorflow;

/// <summary>Reuse modes of tf.variable_scope: null (inherit / create), true, or AUTO_REUSE.</summary>
public enum Reuse { Inherit, True, AutoReuse }

/// <summary>A variable scope: the prefix of get_variable names and whether they are reused.</summary>
public sealed class VariableScope
{
    internal VariableScope(string name, bool reuse, bool autoReuse, string originalNameScope, Partitioner? partitioner = null)
    {
        Name = name;
        IsReuse = reuse;
        IsAutoReuse = autoReuse;
        OriginalNameScope = originalNameScope;
        Partitioner = partitioner;
    }

    public string Name { get; }
    public bool IsReuse { get; }
    public bool IsAutoReuse { get; }

    /// <summary>The name scope opened when this variable scope was first entered ("dnn/hidden1/").</summary>
    public string OriginalNameScope { get; }

    /// <summary>
    /// The partitioner get_variable applies to new variables here (inherited by sub-scopes); settable,
    /// as keras' BatchNormalization clears it while creating its moving statistics.
    /// </summary>
    public Partitioner? Partitioner { get; private set; }

    public string name => Name;
    public string original_name_scope => OriginalNameScope;
    public void set_partitioner(Partitioner? partitioner) => Partitioner = partitioner;
}

/// <summary>Per-graph variable store: get_variable's variables by full name, and how often each variable scope was opened.</summary>
internal sealed class VariableStore
{
    public Dictionary<string, Variable> Variables { get; } = new();
    public Dictionary<string, PartitionedVariable> PartitionedVariables { get; } = new();
    public Dictionary<string, int> ScopeCounts { get; } = new();
    public Stack<VariableScope> Scopes { get; } = new();

    public VariableScope Current => Scopes.Count > 0 ? Scopes.Peek() : Root;
    public VariableScope Root { get; } = new("", false, false, "");

    public static VariableStore Of(Graph graph) => graph.GetOrCreateExtra("__variable_store", () => new VariableStore());
}

/// <summary>An entered tf.variable_scope (and the name scope it opened). Dispose to leave both.</summary>
public sealed class VariableScopeContext : IDisposable
{
    private readonly VariableStore _store;
    private readonly NameScope? _nameScope;
    private readonly Dictionary<string, int>? _countsToRestore;
    private bool _disposed;

    // countsToRestore: for a re-entered scope object, the scope counts to restore on leaving it;
    // otherwise leaving closes the subscopes (their default names count from zero again), as
    // variable_scope.py's __exit__ does.
    internal VariableScopeContext(VariableStore store, VariableScope scope, NameScope? nameScope, Dictionary<string, int>? countsToRestore = null)
    {
        _store = store;
        Scope = scope;
        _nameScope = nameScope;
        _countsToRestore = countsToRestore;
        store.Scopes.Push(scope);
    }

    public VariableScope Scope { get; }
    public string name => Scope.Name;
    public string original_name_scope => Scope.OriginalNameScope;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _store.Scopes.Pop();
        if (_countsToRestore is not null)
        {
            _store.ScopeCounts.Clear();
            foreach (var (k, v) in _countsToRestore) _store.ScopeCounts[k] = v;
        }
        else
        {
            var prefix = Scope.Name + "/";
            foreach (var key in _store.ScopeCounts.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                _store.ScopeCounts[key] = 0;
        }
        _nameScope?.Dispose();
    }
}
