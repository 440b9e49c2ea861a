using NumSharp;

namespace TfBnPort.Data;

/// <summary>The four arrays <c>train_test_split(X, y, ...)</c> returns, plus the row indices behind them.</summary>
public sealed record TrainTestSplitResult(NDArray XTrain, NDArray XTest, NDArray YTrain, NDArray YTest, int[] TrainIndices, int[] TestIndices);

/// <summary>scikit-learn 0.19/0.20 pieces seed 000 uses.</summary>
public static class SkLearn
{
    /// <summary>
    /// <c>train_test_split(X, y, test_size=..., train_size=..., random_state=..., stratify=...)</c>
    /// with shuffling: the first split of a (Stratified)ShuffleSplit, rows of X and y taken in its order.
    /// <paramref name="randomState"/> is an int seed (a fresh RandomState) or null (the global
    /// <c>np.random</c>); <paramref name="random"/> passes a RandomState instance instead.
    /// </summary>
    public static TrainTestSplitResult TrainTestSplit(NDArray x, NDArray y, SplitSize? testSize = null, SplitSize? trainSize = null,
        int? randomState = null, NDArray? stratify = null, NumPyRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.ndim < 1 || y.ndim < 1 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"Found input variables with inconsistent numbers of samples: [{(x.ndim < 1 ? 0 : x.shape[0])}, {(y.ndim < 1 ? 0 : y.shape[0])}]");
        if (testSize is null && trainSize is null) testSize = 0.25;

        var samples = (int)x.shape[0];
        var (train, test) = stratify is null
            ? new ShuffleSplit(1, testSize, trainSize, randomState, random).Split(samples).First()
            : new StratifiedShuffleSplit(1, testSize, trainSize, randomState, random).Split(samples, stratify).First();

        var xRows = new RowTable(x);
        var yRows = new RowTable(y);
        return new TrainTestSplitResult(xRows.Gather(train), xRows.Gather(test), yRows.Gather(train), yRows.Gather(test), train, test);
    }

    /// <summary>
    /// <c>check_random_state</c>: an instance is used as is, an int seeds a new RandomState, and
    /// null means NumPy's global one.
    /// </summary>
    public static NumPyRandom CheckRandomState(int? seed, NumPyRandom? instance = null)
    {
        if (instance is not null) return instance;
        if (seed is not { } s) return LegacyRandom.Global;
        ArgumentOutOfRangeException.ThrowIfNegative(s, nameof(seed));
        var rng = np.random.RandomState();
        rng.seed((uint)s);
        return rng;
    }
}
