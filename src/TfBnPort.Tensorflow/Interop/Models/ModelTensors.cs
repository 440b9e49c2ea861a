using System.Globalization;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// Finding things by name in an opened model, with errors that list what does exist: signatures, tensors
/// ("x" means "x:0", as TF's feeds accept), and scalar feeds parsed for the placeholder's dtype.
/// </summary>
public static class ModelTensors
{
    /// <summary>
    /// The signature to use: <paramref name="name"/> if given (it must exist), else serving_default, else the only
    /// one; null when the model has none (a .meta from Saver.save, a frozen GraphDef).
    /// </summary>
    public static SignatureDef? Signature(ModelFile model, string? name)
    {
        var signatures = model.Signatures.Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (name is not null)
            return signatures.GetValueOrDefault(name) ?? throw new KeyError(signatures.Count == 0
                ? $"'{model.Path}' has no signature at all, so there is no '{name}'; pass --input and --output instead."
                : $"'{model.Path}' has no signature '{name}'; its signatures: {string.Join(", ", signatures.Keys.Order(StringComparer.Ordinal))}.");
        if (signatures.TryGetValue(SignatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY, out var serving)) return serving;
        return signatures.Count == 1 ? signatures.Values.Single() : null;
    }

    /// <summary>The tensor called <paramref name="name"/> ("op:i", or "op" for "op:0"), or a KeyError listing the closest names.</summary>
    public static Tensor Tensor(ModelSession model, string name)
    {
        var full = name.Contains(':') ? name : name + ":0";
        var (opName, index) = GraphDefImporter.ParseTensorName(full);
        var op = model.Graph.OperationByName(opName);
        if (op is not null && index >= 0 && index < op.Outputs.Count) return op.Outputs[index];
        var names = model.Graph.Operations.SelectMany(o => o.Outputs).Select(t => t.Name);
        throw new KeyError($"Tensor '{full}' is not in the graph of '{model.Model.Path}'{ClosestNames.Hint(full, names)}");
    }

    /// <summary>"NAME=VALUE": the tensor and a scalar of its dtype (bool: true/false, numbers in invariant culture).</summary>
    public static (Tensor Tensor, object Value) Feed(ModelSession model, string feed)
    {
        var eq = feed.IndexOf('=');
        if (eq <= 0) throw new ValueError($"--feed '{feed}' is not NAME=VALUE (for example keep_prob=1 or training=false).");
        var tensor = Tensor(model, feed[..eq]);
        var text = feed[(eq + 1)..].Trim();
        var inv = CultureInfo.InvariantCulture;
        object? value = tensor.DType.BaseType() switch
        {
            DType.Bool => text.ToLowerInvariant() switch { "true" or "1" => true, "false" or "0" => false, _ => null },
            DType.Float => float.TryParse(text, NumberStyles.Float, inv, out var f) ? f : null,
            DType.Double => double.TryParse(text, NumberStyles.Float, inv, out var d) ? d : null,
            DType.Int32 => int.TryParse(text, NumberStyles.Integer, inv, out var i) ? i : null,
            DType.Int64 => long.TryParse(text, NumberStyles.Integer, inv, out var l) ? l : null,
            DType.String => text,
            var other => throw new TypeError($"--feed {feed}: tensor '{tensor.Name}' has dtype {other.PyName()}, which --feed cannot give."),
        };
        return value is null
            ? throw new ValueError($"--feed {feed}: '{text}' is not a {tensor.DType.BaseType().PyName()} (the dtype of '{tensor.Name}').")
            : (tensor, value);
    }

    /// <summary>Placeholders of the graph (name, dtype, shape), in graph order: what a caller can feed.</summary>
    public static IEnumerable<NodeDef> Placeholders(GraphDef graph) =>
        graph.Node.Where(n => n.Op is "Placeholder" or "PlaceholderWithDefault");
}
