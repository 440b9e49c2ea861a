using System.Text.RegularExpressions;

namespace TfBnPort.Tests.Conformance;

/// <summary>One row of docs/tf-conformance.md: a TF 1.15 test, its status, and the C# test that ports it.</summary>
public sealed record ConformanceRow(string File, string Test, string Status, string CSharpTest)
{
    public bool Passed => Status == "passed";
    public bool NotApplicable => Status.StartsWith("not applicable: ", StringComparison.Ordinal);

    /// <summary>Applicable but not ported yet ("open: what it needs"): counted against the share that passes.</summary>
    public bool Open => Status.StartsWith("open: ", StringComparison.Ordinal);
}

/// <summary>Reads docs/tf-conformance.md: one "## tensorflow/…py" section per file, one table row per test.</summary>
public static partial class ConformanceTable
{
    public static string DocumentPath => Path.Combine(Notebooks.NotebookTests.RepoRoot(), "docs", "tf-conformance.md");

    public static IReadOnlyList<ConformanceRow> Read(out string totalsLine)
    {
        var rows = new List<ConformanceRow>();
        string? file = null;
        totalsLine = "";
        foreach (var line in File.ReadLines(DocumentPath))
        {
            if (line.StartsWith("**Total", StringComparison.Ordinal)) totalsLine = line;
            var section = Section().Match(line);
            if (section.Success) { file = section.Groups[1].Value; continue; }
            var row = Row().Match(line);
            if (file is null || !row.Success || row.Groups[1].Value.Trim() is "Test" || row.Groups[1].Value.StartsWith("---", StringComparison.Ordinal)) continue;
            rows.Add(new ConformanceRow(file, row.Groups[1].Value.Trim(), row.Groups[2].Value.Trim(), row.Groups[3].Value.Trim()));
        }
        return rows;
    }

    /// <summary>"## tensorflow/python/layers/normalization_test.py" (anything after the path, e.g. "(BatchNormTest)", is a note).</summary>
    [GeneratedRegex(@"^## (tensorflow/\S+\.py)")]
    private static partial Regex Section();

    [GeneratedRegex(@"^\|([^|]+)\|([^|]+)\|([^|]*)\|\s*$")]
    private static partial Regex Row();
}
