using NumSharp;

namespace TfBnPort.Data;

/// <summary>Seed 002's (Géron's) mini-batch generator.</summary>
public static class Batches
{
    /// <summary>
    /// <c>shuffle_batch(X, y, batch_size)</c>: one <c>np.random.permutation(len(X))</c>, split by
    /// <c>np.array_split</c> into <c>len(X) // batch_size</c> batches (so some batches are one
    /// larger than batch_size, none smaller). Lazy like the Python generator: the permutation is
    /// drawn when enumeration starts. <paramref name="random"/> defaults to the global <c>np.random</c>.
    /// </summary>
    public static IEnumerable<(NDArray X, NDArray Y)> ShuffleBatch(NDArray x, NDArray y, int batchSize, NumPyRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (x.ndim < 1 || y.ndim < 1 || x.shape[0] != y.shape[0])
            throw new ArgumentException("X and y must have the same number of rows.");
        return Iterate(new RowTable(x), new RowTable(y), batchSize, random ?? LegacyRandom.Global);
    }

    private static IEnumerable<(NDArray X, NDArray Y)> Iterate(RowTable x, RowTable y, int batchSize, NumPyRandom random)
    {
        var order = LegacyRandom.Permutation(random, x.Count);
        var batches = x.Count / batchSize;
        foreach (var batch in ArraySplit.Split(order, batches))
            yield return (x.Gather(batch), y.Gather(batch));
    }
}
