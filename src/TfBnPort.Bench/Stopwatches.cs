using System.Diagnostics;

namespace TfBnPort.Bench;

/// <summary>Timing helpers: warm up, then take the median of several timed repetitions.</summary>
public static class Stopwatches
{
    /// <summary>Seconds per call of <paramref name="action"/> (median over <paramref name="repeats"/> blocks of <paramref name="calls"/> calls).</summary>
    public static double SecondsPerCall(Action action, int calls, int repeats = 5, int warmup = 0)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) action();
            samples[r] = sw.Elapsed.TotalSeconds / calls;
        }
        Array.Sort(samples);
        return samples[repeats / 2];
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static long WorkingSetBytes()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }

    public static long PeakWorkingSetBytes()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.PeakWorkingSet64;
    }
}
