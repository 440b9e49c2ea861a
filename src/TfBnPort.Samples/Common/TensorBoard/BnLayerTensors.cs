using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>
/// One batch-norm layer of a sample's graph, for its TensorBoard histograms: the activations that
/// enter and leave it and its variables (gamma, beta, moving mean and variance, where it has them).
/// </summary>
public sealed record BnLayerTensors(string Name, Tensor Before, Tensor After, IReadOnlyList<Variable> Variables)
{
    /// <summary>The tensors to fetch, in the order <see cref="Tags"/> names them.</summary>
    public IEnumerable<Tensor> Tensors => new[] { Before, After }.Concat(Variables.Select(v => v.Snapshot));

    public IEnumerable<string> Tags => new[] { $"{Name}/before", $"{Name}/after" }.Concat(Variables.Select(v => $"{Name}/{ShortName(v)}"));

    /// <summary>"dnn/batch_normalization/moving_mean" -> "moving_mean"; tf.Variable's "Variable_3" stays as is.</summary>
    private static string ShortName(Variable v)
    {
        var opName = v.Name.Split(':')[0]; // the variable's tensor name ends in ":0"
        return opName[(opName.LastIndexOf('/') + 1)..];
    }

    /// <summary>The BN variables of a layer created under <paramref name="scope"/> (tf.layers / contrib name them so).</summary>
    public static IReadOnlyList<Variable> VariablesUnder(Graph graph, string scope) =>
        graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).OfType<Variable>()
            .Where(v => v.Name.StartsWith(scope + "/", StringComparison.Ordinal)
                        && ShortName(v) is "gamma" or "beta" or "moving_mean" or "moving_variance")
            .ToList();
}
