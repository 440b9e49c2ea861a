using System.Collections;

namespace TfBnPort.Tensorflow;

/// <summary>Flattens Session.run fetches (a Tensor, an Operation, a name, or a nested list) into tensors and targets, and rebuilds the result.</summary>
internal sealed class FetchPlan
{
    private readonly List<Tensor> _tensors = new();
    private readonly List<Operation> _targets = new();
    private Func<TensorValue[], object?> _assemble = _ => null;

    public IReadOnlyList<Tensor> Tensors => _tensors;
    public IReadOnlyList<Operation> Targets => _targets;

    public object? Assemble(TensorValue[] values) => _assemble(values);

    public static FetchPlan Build(Graph graph, object fetches)
    {
        var plan = new FetchPlan();
        plan._assemble = plan.Add(graph, fetches);
        return plan;
    }

    private Func<TensorValue[], object?> Add(Graph graph, object fetch)
    {
        switch (fetch)
        {
            case Tensor t:
                var index = _tensors.Count;
                _tensors.Add(t);
                // A summary op's output is a serialized Summary: raw bytes, as Python's sess.run returns them (text decoding would corrupt it).
                if (Summary.SummaryOpTypes.IsSummary(t.Op.Type)) return values => values[index].Strings![0];
                // (object) cast: without it the conditional turns string[] into an NDArray through its implicit conversion.
                return values => values[index].DType == DType.String ? (object)values[index].ToStrings() : values[index].ToNDArray();
            case Operation op:
                _targets.Add(op);
                return _ => null;
            case IHasTensor h:
                return Add(graph, h.AsTensor());
            case IHasOp o:
                return Add(graph, o.Op);
            case string name:
                object element;
                try { element = graph.AsGraphElement(name); }
                catch (KeyError e) { throw new KeyError($"Fetch argument '{name}' cannot be interpreted as a Tensor or Operation: {e.Message}"); }
                return Add(graph, element);
            case IEnumerable list:
                var parts = list.Cast<object>().Select(item => Add(graph, item)).ToArray();
                return values => parts.Select(p => p(values)).ToArray();
            default:
                throw new TypeError($"Fetch argument of type {fetch.GetType().Name} has invalid type: must be a Tensor, an Operation, a name or a list of them.");
        }
    }
}
