namespace TfBnPort.Tensorflow.Interop;

/// <summary>"Did you mean": the names nearest to a misspelt one (edit distance, then shared suffix), for error messages.</summary>
public static class ClosestNames
{
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<string> names, int count = 5)
    {
        var target = wanted.Split(':')[0];
        return names.Distinct()
            .Select(n => (Name: n, Distance: Distance(target, n.Split(':')[0])))
            .OrderBy(p => p.Distance).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(count).Select(p => p.Name).ToList();
    }

    /// <summary>" The closest names in the graph: a, b, c." (empty when there are none).</summary>
    public static string Hint(string wanted, IEnumerable<string> names)
    {
        var closest = Find(wanted, names);
        return closest.Count == 0 ? "." : $". The closest names in the graph: {string.Join(", ", closest)}.";
    }

    /// <summary>Levenshtein distance (case-sensitive; TF names are).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
