using System.Security.Cryptography;
using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// NumPy legacy <c>RandomState</c> operations on top of NumSharp's MT19937 stream, where
/// NumSharp's own API is missing or differs from NumPy (NumSharp 0.70's <c>choice</c> ignores
/// <c>replace=False</c>).
/// </summary>
public static class LegacyRandom
{
    /// <summary>NumPy's global RandomState (<c>np.random</c>); the Python programs shuffle with it.</summary>
    public static NumPyRandom Global => np.random;

    /// <summary>
    /// <c>numpy.random.seed(seed)</c>; <c>null</c> reseeds from OS entropy like <c>seed(None)</c>
    /// (init_by_array over 624 random words).
    /// </summary>
    public static void Seed(NumPyRandom random, uint? seed)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (seed is { } s)
        {
            random.seed(s);
            return;
        }
        var words = new uint[624];
        RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        random.seed(words);
    }

    /// <summary><c>random.permutation(n)</c> as an int array (Fisher–Yates over arange, NumPy's draw order).</summary>
    public static int[] Permutation(NumPyRandom random, int n)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0) return [];
        var drawn = random.permutation(n).ToArray<long>();
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = (int)drawn[i];
        return result;
    }

    /// <summary>
    /// <c>random.permutation(items)</c> for a sequence: the same swaps as <see cref="Permutation(NumPyRandom,int)"/>,
    /// applied to the items.
    /// </summary>
    public static int[] Permutation(NumPyRandom random, IReadOnlyList<int> items)
    {
        var order = Permutation(random, items.Count);
        var result = new int[order.Length];
        for (int i = 0; i < order.Length; i++) result[i] = items[order[i]];
        return result;
    }

    /// <summary>
    /// <c>random.choice(population, size, replace=False)</c> with uniform probabilities: NumPy's
    /// legacy RandomState returns <c>permutation(population)[:size]</c>.
    /// </summary>
    public static int[] ChoiceWithoutReplacement(NumPyRandom random, int population, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size > population)
            throw new ArgumentException($"Cannot take a larger sample ({size}) than population ({population}) when replace=False.", nameof(size));
        return Permutation(random, population)[..size];
    }
}
