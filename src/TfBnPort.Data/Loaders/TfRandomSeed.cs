namespace TfBnPort.Data;

/// <summary>
/// TF 1.15's <c>random_seed.get_seed(op_seed)</c>, for the one place the data side needs it:
/// <c>DataSet.__init__</c> runs <c>numpy.random.seed(seed1 if seed is None else seed2)</c>.
/// </summary>
public static class TfRandomSeed
{
    /// <summary>The graph seed TF uses when only an op seed is given.</summary>
    public const long DefaultGraphSeed = 87654321;

    private const long MaxInt32 = int.MaxValue; // 2**31 - 1, TF's _MAXINT32

    /// <summary>
    /// <c>get_seed(op_seed)</c> for a graph whose <c>tf.set_random_seed</c> value is
    /// <paramref name="graphSeed"/> (null: never set). <paramref name="graphLastOpId"/> is the
    /// graph's <c>_last_id</c>, the op seed TF derives when only the graph seed is set.
    /// </summary>
    public static (long? Seed1, long? Seed2) GetSeed(long? graphSeed, long? opSeed, long graphLastOpId = 0)
    {
        (long? Seed1, long? Seed2) seeds;
        if (graphSeed is { } g)
            seeds = (Truncate(g), Truncate(opSeed ?? graphLastOpId));
        else if (opSeed is { } op)
            seeds = (DefaultGraphSeed, Truncate(op));
        else
            seeds = (null, null);
        // TF avoids (0, 0), which its kernels read as "nondeterministic".
        return seeds is (0, 0) ? (0, MaxInt32) : seeds;
    }

    /// <summary>
    /// The value <c>DataSet.__init__(seed=opSeed)</c> passes to <c>numpy.random.seed</c>; null means
    /// <c>numpy.random.seed(None)</c>, i.e. fresh entropy. With only a graph seed S this is S mod (2³¹−1).
    /// </summary>
    public static uint? NumpySeedForDataSet(long? graphSeed, long? opSeed)
    {
        var (seed1, seed2) = GetSeed(graphSeed, opSeed);
        var chosen = opSeed is null ? seed1 : seed2;
        return chosen is { } c ? (uint)c : null;
    }

    // Python's `seed % _MAXINT32`: never negative for a positive modulus.
    private static long Truncate(long seed) => ((seed % MaxInt32) + MaxInt32) % MaxInt32;
}
