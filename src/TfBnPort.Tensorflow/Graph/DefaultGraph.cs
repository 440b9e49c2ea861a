namespace TfBnPort.Tensorflow;

/// <summary>The default-graph stack (per thread, as in TF1): tf.get_default_graph, graph.as_default(), tf.reset_default_graph.</summary>
public static class DefaultGraph
{
    [ThreadStatic] private static Stack<Graph>? _stack;
    [ThreadStatic] private static Graph? _global;

    private static Stack<Graph> Stack => _stack ??= new Stack<Graph>();

    public static Graph Get()
    {
        if (Stack.Count > 0) return Stack.Peek();
        if (_global is null || _global.IsDisposed) _global = new Graph();
        return _global;
    }

    public static IDisposable Push(Graph graph)
    {
        Stack.Push(graph);
        return new Graph.Popper(() => { if (Stack.Count > 0 && ReferenceEquals(Stack.Peek(), graph)) Stack.Pop(); });
    }

    /// <summary>tf.reset_default_graph: a fresh global default graph (the old one is disposed).</summary>
    public static void Reset()
    {
        if (Stack.Count > 0)
            throw new InvalidOperationException("Do not use tf.reset_default_graph() to clear nested graphs (a graph.as_default() block is active).");
        _global?.Dispose();
        _global = new Graph();
    }
}

public sealed partial class Graph
{
    /// <summary>Makes this graph the default for the current thread until disposed.</summary>
    public IDisposable as_default() => DefaultGraph.Push(this);
}
