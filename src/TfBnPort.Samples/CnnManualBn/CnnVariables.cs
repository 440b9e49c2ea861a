using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CnnManualBn;

/// <summary>
/// Where <c>cnnLayer</c>'s parameters come from. As written, each call creates its own
/// (<c>tf.Variable</c> always makes a new variable, whatever the scopes); as intended, the test
/// graph takes the training graph's variables again, in the order they were made.
/// </summary>
public sealed class CnnVariables
{
    private readonly List<Variable> _made = new();
    private readonly IReadOnlyList<Variable>? _shared;
    private int _next;

    private CnnVariables(IReadOnlyList<Variable>? shared) => _shared = shared;

    /// <summary>Every variable is created (the document's behaviour).</summary>
    public static CnnVariables Fresh() => new(null);

    /// <summary>Hands out the variables this one created, in the same order (the intended test graph).</summary>
    public CnnVariables Share() => new(_made);

    public IReadOnlyList<Variable> Made => _made;

    public Variable Get(Func<Variable> create)
    {
        if (_shared is not null)
        {
            if (_next >= _shared.Count) throw new InvalidOperationException("cnnLayer asked for more variables than the shared call created.");
            return _shared[_next++];
        }
        var variable = create();
        _made.Add(variable);
        return variable;
    }
}
