namespace TfBnPort.Tensorflow;

public sealed partial class ClusterSpec
{
    /// <summary>
    /// The console's form "ps=localhost:2222;worker=localhost:2223,localhost:2224": jobs separated by
    /// ';', each "JOB=ADDRESS,ADDRESS..." (dense, index = position).
    /// </summary>
    public static ClusterSpec Parse(string text)
    {
        const string example = "\"ps=localhost:2222;worker=localhost:2223,localhost:2224\"";
        if (string.IsNullOrWhiteSpace(text)) throw new ValueError($"The cluster spec is empty: expected {example}.");
        var jobs = new List<KeyValuePair<string, string[]>>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new ValueError($"Malformed cluster spec '{text}': '{part}' is not JOB=HOST:PORT[,HOST:PORT...]; expected {example}.");
            var job = part[..eq].Trim();
            if (jobs.Any(j => j.Key == job)) throw new ValueError($"Malformed cluster spec '{text}': job '{job}' is listed twice.");
            var addresses = part[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries);
            if (addresses.Any(a => a.Length == 0))
                throw new ValueError($"Malformed cluster spec '{text}': job '{job}' has an empty address; expected {example}.");
            jobs.Add(new(job, addresses));
        }
        return new ClusterSpec(jobs);
    }

    /// <summary>The inverse of <see cref="Parse"/> (dense jobs only), for passing a cluster to child processes.</summary>
    public string ToCommandLine() => string.Join(";", _jobs.Select(kv => kv.Key + "=" + string.Join(",", kv.Value.Values)));
}
