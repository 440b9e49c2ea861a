namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>A NodeDef input string: "node", "node:1" or "^node" (a control input).</summary>
internal readonly record struct TensorRef(string Node, int Index, bool IsControl)
{
    public static TensorRef Parse(string input)
    {
        if (input.StartsWith('^')) return new TensorRef(input[1..], -1, true);
        var colon = input.LastIndexOf(':');
        return colon > 0 && int.TryParse(input.AsSpan(colon + 1), out var index) && index >= 0
            ? new TensorRef(input[..colon], index, false)
            : new TensorRef(input, 0, false);
    }
}
