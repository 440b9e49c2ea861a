using NumSharp;

namespace TfBnPort.Data;

/// <summary>scikit-learn 0.19/0.20's <c>ShuffleSplit</c>: one permutation per split, test first.</summary>
public sealed class ShuffleSplit(int nSplits = 10, SplitSize? testSize = null, SplitSize? trainSize = null, int? randomState = null, NumPyRandom? random = null)
{
    public IEnumerable<(int[] Train, int[] Test)> Split(int samples)
    {
        var (nTrain, nTest) = SplitSize.Resolve(samples, testSize ?? (trainSize is null ? 0.1 : null), trainSize);
        var rng = SkLearn.CheckRandomState(randomState, random);
        return Iterate();

        IEnumerable<(int[], int[])> Iterate()
        {
            for (int s = 0; s < nSplits; s++)
            {
                var permutation = LegacyRandom.Permutation(rng, samples);
                yield return (permutation[nTest..(nTest + nTrain)], permutation[..nTest]);
            }
        }
    }
}
