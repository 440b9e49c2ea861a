namespace TfBnPort.Tensorflow;

public sealed partial class Graph
{
    private readonly List<ControlDependencyFrame> _controlStack = new();

    /// <summary>
    /// tf.control_dependencies: ops created inside run after <paramref name="controls"/>.
    /// Null clears every enclosing dependency (as `control_dependencies(None)` does).
    /// </summary>
    public IDisposable ControlDependencies(IEnumerable<object>? controls)
    {
        ThrowIfDisposed();
        var frame = controls is null
            ? new ControlDependencyFrame(Array.Empty<Operation>(), ClearsOuter: true)
            : new ControlDependencyFrame(controls.Select(ToOperation).Distinct().ToArray(), ClearsOuter: false);
        _controlStack.Add(frame);
        return new Popper(() => _controlStack.Remove(frame));
    }

    private Operation ToOperation(object control) => control switch
    {
        Operation op => op,
        Tensor t => t.Op,
        IHasOp h => h.Op,
        _ => throw new TypeError($"Can not convert a {control.GetType().Name} into an Operation for control_dependencies."),
    };

    /// <summary>Control inputs for a new op: every active dependency not already one of its data inputs' ops.</summary>
    internal Operation[] CurrentControlInputs(IEnumerable<Tensor> inputs)
    {
        // Outer frames first, each in the order given (Python's _control_dependencies_for_inputs);
        // a control_dependencies(None) frame hides everything outside it.
        var start = _controlStack.FindLastIndex(f => f.ClearsOuter);
        var inputOps = inputs.Select(t => t.Op).ToHashSet();
        var result = new List<Operation>();
        for (var i = Math.Max(start, 0); i < _controlStack.Count; i++)
            foreach (var op in _controlStack[i].Controls)
                if (!inputOps.Contains(op) && !result.Contains(op)) result.Add(op);
        return result.ToArray();
    }

    private sealed record ControlDependencyFrame(Operation[] Controls, bool ClearsOuter);

    internal sealed class Popper(Action pop) : IDisposable
    {
        private Action? _pop = pop;
        public void Dispose() { _pop?.Invoke(); _pop = null; }
    }
}

/// <summary>Something that stands for an operation in control_dependencies (a Variable's initializer, for instance).</summary>
public interface IHasOp
{
    Operation Op { get; }
}
