using System.Text.RegularExpressions;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// summary_op_util.py: the tag and name scope of a summary op. The name becomes a unique name
/// scope and the tag is that scope (so two "loss" summaries get tags "loss" and "loss_1"); a
/// family prefixes both.
/// </summary>
internal static partial class SummaryScope
{
    [GeneratedRegex(@"[^-/\w\.]")]
    private static partial Regex InvalidTagCharacters();

    /// <summary>clean_tag: characters TF names cannot hold become "_", leading slashes go.</summary>
    public static string? CleanTag(string? name) => name is null ? null : InvalidTagCharacters().Replace(name, "_").TrimStart('/');

    /// <summary>Enters the summary's scope; returns the tag and the scope (ending in "/").</summary>
    public static (string Tag, NameScope Scope) Enter(Graph graph, string? name, string? family, string defaultName)
    {
        name = CleanTag(name);
        family = CleanTag(family);
        var baseName = family is null ? name : $"{family}/{name}";
        var scope = graph.NameScope(string.IsNullOrEmpty(baseName) ? defaultName : baseName);
        var tag = family is null ? scope.ScopeName : $"{family}/{scope.ScopeName}";
        return (tag, scope);
    }

    /// <summary>summary_op_util.collect: into <paramref name="collections"/>, or the defaults when null.</summary>
    public static void Collect(Graph graph, Tensor value, IEnumerable<string>? collections, IEnumerable<string> defaults)
    {
        foreach (var key in collections ?? defaults) graph.AddToCollection(key, value);
    }
}
