using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// scikit-learn 0.19/0.20's <c>StratifiedShuffleSplit._iter_indices</c>, draw for draw:
/// <c>_approximate_mode</c> for train then test counts, one <c>rng.permutation</c> per class over
/// that class's samples (ascending, as the stable argsort gives them), then a permutation of the
/// train list and of the test list — all from one RandomState.
/// </summary>
public sealed class StratifiedShuffleSplit(int nSplits = 10, SplitSize? testSize = null, SplitSize? trainSize = null, int? randomState = null, NumPyRandom? random = null)
{
    /// <param name="samples">Rows of X.</param>
    /// <param name="y">Labels to stratify on: 1-D values or a 2-D matrix (each row one class).</param>
    public IEnumerable<(int[] Train, int[] Test)> Split(int samples, NDArray y)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.ndim < 1 || y.shape[0] != samples)
            throw new ArgumentException($"Found input variables with inconsistent numbers of samples: [{samples}, {(y.ndim < 1 ? 0 : y.shape[0])}]", nameof(y));
        var (nTrain, nTest) = SplitSize.Resolve(samples, testSize ?? (trainSize is null ? 0.1 : null), trainSize);

        var (classCount, classOfSample) = StratifyClasses.Encode(y);
        var classCounts = new int[classCount];
        foreach (var c in classOfSample) classCounts[c]++;
        if (classCounts.Min() < 2)
            throw new ArgumentException("The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.", nameof(y));
        if (nTrain < classCount)
            throw new ArgumentException($"The train_size = {nTrain} should be greater or equal to the number of classes = {classCount}");
        if (nTest < classCount)
            throw new ArgumentException($"The test_size = {nTest} should be greater or equal to the number of classes = {classCount}");

        // np.split(np.argsort(y_indices, kind='mergesort'), ...): each class's samples in ascending order.
        var classIndices = new List<int>[classCount];
        for (int c = 0; c < classCount; c++) classIndices[c] = new List<int>(classCounts[c]);
        for (int i = 0; i < classOfSample.Length; i++) classIndices[classOfSample[i]].Add(i);

        var rng = SkLearn.CheckRandomState(randomState, random);
        return Iterate();

        IEnumerable<(int[], int[])> Iterate()
        {
            for (int s = 0; s < nSplits; s++)
            {
                var nI = ApproximateMode.Compute(classCounts, nTrain, rng);
                var remaining = classCounts.Select((count, c) => count - nI[c]).ToArray();
                var tI = ApproximateMode.Compute(remaining, nTest, rng);

                var train = new List<int>(nTrain);
                var test = new List<int>(nTest);
                for (int c = 0; c < classCount; c++)
                {
                    var shuffled = LegacyRandom.Permutation(rng, classIndices[c]);
                    train.AddRange(shuffled[..nI[c]]);
                    test.AddRange(shuffled[nI[c]..(nI[c] + tI[c])]);
                }
                yield return (LegacyRandom.Permutation(rng, train), LegacyRandom.Permutation(rng, test));
            }
        }
    }
}
