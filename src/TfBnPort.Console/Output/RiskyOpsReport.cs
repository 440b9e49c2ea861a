using TfBnPort.Tensorflow.Interop.Safety;

namespace TfBnPort.Console.Output;

/// <summary>
/// `show`'s safety section: every op that is not pure computation, grouped by what it could reach
/// (file system, network, process, memory, unlisted), one line per node, so that a reader sees
/// what `score` would refuse and what `--allow-ops` would have to name. Nothing is run to find them.
/// </summary>
public static class RiskyOpsReport
{
    public static IEnumerable<string> Lines(ModelSafetyReport report)
    {
        yield return "";
        if (report.IsPureComputation)
        {
            yield return "Safety: every op is pure computation (allowlist), and checkpoint paths stay in the model's directory.";
            yield break;
        }
        var ops = report.Nodes.Select(n => n.Op).Distinct(StringComparer.Ordinal).ToList();
        yield return $"Safety: {report.Nodes.Count} node(s) are not pure computation; `score` refuses to run this model unless " +
                     $"--allow-ops {string.Join(",", ops)} (or --trust-model). Nothing was run to list them:";
        foreach (var group in report.Nodes.GroupBy(n => n.Risk).OrderBy(g => g.Key))
        {
            yield return $"  {Title(group.Key)}:";
            foreach (var node in group) yield return $"    {node.Node} ({node.Op}): {node.Reason}";
        }
    }

    private static string Title(OpRisk risk) => risk switch
    {
        OpRisk.FileSystem => "file system",
        OpRisk.Network => "network",
        OpRisk.Process => "process",
        OpRisk.Memory => "memory",
        _ => "not on the allowlist",
    };
}
