using NumSharp;

namespace TfBnPort.Data;

/// <summary>scikit-learn 0.19/0.20's <c>_approximate_mode</c> (model_selection/_split.py).</summary>
public static class ApproximateMode
{
    /// <summary>
    /// How many of <paramref name="draws"/> draws each class gets: the floor of its proportional
    /// share, the shortfall handed out by descending fractional remainder; classes tied on a
    /// remainder are picked by <c>rng.choice(inds, size, replace=False)</c>, which consumes the
    /// RNG even when all of them are taken.
    /// </summary>
    public static int[] Compute(IReadOnlyList<int> classCounts, int draws, NumPyRandom random)
    {
        ArgumentNullException.ThrowIfNull(classCounts);
        ArgumentNullException.ThrowIfNull(random);
        long total = 0;
        foreach (var c in classCounts) total += c;
        if (total <= 0) throw new ArgumentException("The class counts must add up to a positive number.", nameof(classCounts));

        // NumPy: n_draws * class_counts (int64) / class_counts.sum() -> float64 true division.
        var continuous = new double[classCounts.Count];
        var floored = new double[classCounts.Count];
        double flooredSum = 0;
        for (int i = 0; i < continuous.Length; i++)
        {
            continuous[i] = (double)((long)draws * classCounts[i]) / total;
            floored[i] = Math.Floor(continuous[i]);
            flooredSum += floored[i];
        }

        var needToAdd = (int)(draws - flooredSum);
        if (needToAdd > 0)
        {
            var remainder = new double[continuous.Length];
            for (int i = 0; i < remainder.Length; i++) remainder[i] = continuous[i] - floored[i];
            foreach (var value in remainder.Distinct().OrderByDescending(v => v))
            {
                var inds = Enumerable.Range(0, remainder.Length).Where(i => remainder[i] == value).ToArray();
                var addNow = Math.Min(inds.Length, needToAdd);
                foreach (var pick in LegacyRandom.ChoiceWithoutReplacement(random, inds.Length, addNow))
                    floored[inds[pick]] += 1;
                needToAdd -= addNow;
                if (needToAdd == 0) break;
            }
        }
        return floored.Select(f => (int)f).ToArray();
    }
}
