using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Tests.Data;

/// <summary>
/// NumPy legacy RandomState behaviour the ports rely on. Expected values are NumPy's published
/// outputs (the seed-42 permutation, scikit-learn's doctests) or were derived with an
/// independent pure-Python model of the legacy stream (MT19937 seeded by init_genrand, bounded
/// integers by mask-and-reject, Fisher–Yates from the top) that reproduces those published outputs:
/// Reference/numpy_legacy_model.py, with Reference/derive_expectations.py printing every derived value.
/// </summary>
public sealed class NumpyCompatTests
{
    private static NumPyRandom Seeded(uint seed)
    {
        var rng = np.random.RandomState();
        rng.seed(seed);
        return rng;
    }

    [Fact]
    public void Seed_42_permutation_of_10_matches_numpy()
    {
        // numpy: np.random.seed(42); np.random.permutation(10) -> [8 1 5 0 7 2 9 4 3 6]
        int[] numpy = [8, 1, 5, 0, 7, 2, 9, 4, 3, 6];
        Assert.Equal(numpy, Seeded(42).permutation(10).ToArray<long>().Select(v => (int)v));
        Assert.Equal(numpy, LegacyRandom.Permutation(Seeded(42), 10));
    }

    [Fact]
    public void Seed_0_permutation_of_5_matches_numpy()
    {
        // numpy: np.random.RandomState(0).permutation(5) -> [2 0 1 3 4]
        Assert.Equal([2, 0, 1, 3, 4], LegacyRandom.Permutation(Seeded(0), 5));
    }

    [Fact]
    public void Permuting_a_list_applies_the_same_swaps_as_permuting_its_positions()
    {
        Assert.Equal([18, 11, 15, 10, 17, 12, 19, 14, 13, 16], LegacyRandom.Permutation(Seeded(42), Enumerable.Range(10, 10).ToArray()));
    }

    [Fact]
    public void Choice_without_replacement_is_the_head_of_a_permutation()
    {
        // NumPy legacy choice(5, 3, replace=False) = permutation(5)[:3]; for seed 1 the model gives
        // permutation(5) = [2 1 4 0 3]. (NumSharp's own choice ignores replace=False.)
        Assert.Equal([2, 1, 4], LegacyRandom.ChoiceWithoutReplacement(Seeded(1), 5, 3));
        Assert.Throws<ArgumentException>(() => LegacyRandom.ChoiceWithoutReplacement(Seeded(1), 3, 4));
    }

    [Fact]
    public void Seeding_the_global_state_with_null_gives_fresh_entropy()
    {
        var a = Seeded(0);
        var b = Seeded(0);
        LegacyRandom.Seed(a, null);
        LegacyRandom.Seed(b, null);
        Assert.NotEqual(LegacyRandom.Permutation(a, 20), LegacyRandom.Permutation(b, 20));
    }

    [Theory]
    [InlineData(10, 3, new[] { 4, 3, 3 })]
    [InlineData(7, 5, new[] { 2, 2, 1, 1, 1 })]
    [InlineData(2, 4, new[] { 1, 1, 0, 0 })]
    [InlineData(9, 3, new[] { 3, 3, 3 })]
    public void Array_split_gives_the_first_remainder_parts_one_more(int length, int sections, int[] sizes)
    {
        Assert.Equal(sizes, ArraySplit.Sizes(length, sections));
        var parts = ArraySplit.Split(Enumerable.Range(0, length).ToArray(), sections).ToArray();
        Assert.Equal(sizes, parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, length), parts.SelectMany(p => p));
    }

    [Fact]
    public void Array_split_into_zero_sections_fails_like_numpy()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ArraySplit.Sizes(5, 0));
        Assert.Contains("number sections must be larger than 0.", e.Message);
    }

    [Theory] // scikit-learn 0.20 `_approximate_mode` doctests (outputs of real NumPy)
    [InlineData(new[] { 4, 2 }, 3, 0u, new[] { 2, 1 })]
    [InlineData(new[] { 5, 2 }, 4, 0u, new[] { 3, 1 })]
    [InlineData(new[] { 2, 2, 2, 1 }, 2, 0u, new[] { 0, 1, 1, 0 })]
    [InlineData(new[] { 2, 2, 2, 1 }, 2, 42u, new[] { 1, 1, 0, 0 })]
    public void Approximate_mode_matches_sklearn_doctests(int[] counts, int draws, uint seed, int[] expected)
    {
        Assert.Equal(expected, ApproximateMode.Compute(counts, draws, Seeded(seed)));
    }

    [Theory]
    [InlineData(null, null, null)]               // neither seed: numpy.random.seed(None)
    [InlineData(42L, null, 42u)]                 // tf.set_random_seed(42): numpy seeded with 42
    [InlineData(null, 7L, 7u)]                   // op seed only: (87654321, 7), seed2 used
    [InlineData(5L, 9L, 9u)]                     // both: seed2 = the op seed
    [InlineData(0L, 0L, 2147483647u)]            // (0, 0) is replaced by (0, 2**31-1)
    [InlineData(-1L, null, 2147483646u)]         // Python's % keeps it non-negative
    [InlineData(2147483652L, null, 5u)]          // truncated mod 2**31-1
    public void Numpy_seed_for_a_DataSet_follows_tf_get_seed(long? graphSeed, long? opSeed, uint? expected)
    {
        Assert.Equal(expected, TfRandomSeed.NumpySeedForDataSet(graphSeed, opSeed));
    }

    [Fact]
    public void Get_seed_with_only_a_graph_seed_uses_the_last_op_id()
    {
        Assert.Equal((42L, 17L), TfRandomSeed.GetSeed(42, null, graphLastOpId: 17));
        Assert.Equal((87654321L, 3L), TfRandomSeed.GetSeed(null, 3));
        Assert.Equal(((long?)null, (long?)null), TfRandomSeed.GetSeed(null, null));
    }
}
