namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// One node the safety check flags. <paramref name="Node"/> is the node's name, prefixed with the
/// function's name ("my_fn/node") for a node inside a library function; <paramref name="Reason"/>
/// says what it could do ("writes files", "path '/etc/x' is outside the model's directory").
/// </summary>
public sealed record RiskyNode(string Node, string Op, OpRisk Risk, string Reason)
{
    public override string ToString() => $"{Node} ({Op}): {Reason}";
}
