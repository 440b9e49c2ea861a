namespace TfBnPort.Tensorflow;

public sealed partial class Graph
{
    private readonly Dictionary<string, int> _namesInUse = new();

    /// <summary>The current name scope without trailing slash ("" at the top).</summary>
    public string NameStack { get; private set; } = "";

    /// <summary>
    /// Python's Graph.unique_name: prefixes the name scope and appends _1, _2... on reuse;
    /// names are compared case-insensitively, as TF1 does.
    /// </summary>
    public string UniqueName(string name, bool markAsUsed = true)
    {
        if (NameStack.Length > 0) name = NameStack + "/" + name;
        var nameKey = name.ToLowerInvariant();
        var i = _namesInUse.GetValueOrDefault(nameKey, 0);
        if (markAsUsed) _namesInUse[nameKey] = i + 1;
        if (i > 0)
        {
            var baseKey = nameKey;
            while (_namesInUse.ContainsKey(nameKey))
            {
                nameKey = $"{baseKey}_{i}";
                i++;
            }
            if (markAsUsed) _namesInUse[nameKey] = 1;
            name = $"{name}_{i - 1}";
        }
        return name;
    }

    /// <summary>
    /// tf.name_scope: a fresh unique scope for a plain name; a name ending in "/" re-enters that
    /// exact scope; null or "" resets to the top. Dispose the result to leave it.
    /// </summary>
    public NameScope NameScope(string? name)
    {
        var previous = NameStack;
        string newStack;
        if (string.IsNullOrEmpty(name)) newStack = "";
        else if (name.EndsWith('/')) newStack = name[..^1];
        else newStack = UniqueName(name);
        NameStack = newStack;
        return new NameScope(this, previous, newStack);
    }

    internal void RestoreNameStack(string previous) => NameStack = previous;
}

/// <summary>An entered name scope; <see cref="Name"/> ends with "/" (or is "" at the top).</summary>
public sealed class NameScope : IDisposable
{
    private readonly Graph _graph;
    private readonly string _previous;
    private bool _disposed;

    internal NameScope(Graph graph, string previous, string stack)
    {
        _graph = graph;
        _previous = previous;
        Name = stack.Length == 0 ? "" : stack + "/";
    }

    /// <summary>The scope with a trailing slash, e.g. "dense/".</summary>
    public string Name { get; }

    /// <summary>The scope name without the trailing slash.</summary>
    public string ScopeName => Name.TrimEnd('/');

    public static implicit operator string(NameScope scope) => scope.Name;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _graph.RestoreNameStack(_previous);
    }
}
