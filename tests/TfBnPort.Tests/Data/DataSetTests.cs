using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Tests.Data;

/// <summary>
/// next_batch on a 10-example DataSet whose example i has every pixel = i and label i, with the
/// graph seed 42 (so NumPy is seeded with 42). Expected orders, from NumPy's seed-42 stream:
/// first shuffle permutation(10) = [8 1 5 0 7 2 9 4 3 6] (NumPy's published output); the next two
/// permutation(10) draws of that stream are [0 1 8 5 3 4 7 9 6 2] and [9 2 0 6 8 5 3 7 1 4]
/// (reference model: Reference/derive_expectations.py), so the order after the 2nd shuffle is
/// [8 1 3 2 0 7 4 6 9 5] and after the 3rd [5 3 8 4 9 7 2 6 1 0].
/// </summary>
public sealed class DataSetTests
{
    private static NumPyRandom FreshRandom() => np.random.RandomState();

    private static DataSet Tiny(NumPyRandom random, long? graphSeed = 42, int? seed = null)
    {
        var pixels = new byte[10 * 2 * 2];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i / 4);
        var labels = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();
        return new DataSet(new NDArray(pixels, new Shape(10, 2, 2)), new NDArray(labels, new Shape(10)), seed, graphSeed, random);
    }

    private static int[] Labels((NDArray Images, NDArray Labels) batch) => batch.Labels.ToArray<byte>().Select(b => (int)b).ToArray();

    [Fact]
    public void Batches_follow_numpys_permutations_across_epoch_boundaries()
    {
        var ds = Tiny(FreshRandom());

        Assert.Equal([8, 1, 5, 0], Labels(ds.NextBatch(4)));
        Assert.Equal([7, 2, 9, 4], Labels(ds.NextBatch(4)));
        Assert.Equal((0, 8), (ds.EpochsCompleted, ds.IndexInEpoch));

        // 8 + 4 > 10: the rest [3 6] of epoch 1, then the head [8 1] of epoch 2's order.
        var wrap = ds.NextBatch(4);
        Assert.Equal([3, 6, 8, 1], Labels(wrap));
        Assert.Equal((1, 2), (ds.EpochsCompleted, ds.IndexInEpoch));

        Assert.Equal([3, 2, 0, 7], Labels(ds.NextBatch(4)));
        Assert.Equal([4, 6, 9, 5], Labels(ds.NextBatch(4))); // ends exactly at 10: no epoch change yet
        Assert.Equal((1, 10), (ds.EpochsCompleted, ds.IndexInEpoch));

        // start 10: an empty rest, a third shuffle, the head of the new order.
        Assert.Equal([5, 3, 8, 4], Labels(ds.NextBatch(4)));
        Assert.Equal((2, 4), (ds.EpochsCompleted, ds.IndexInEpoch));
    }

    [Fact]
    public void Images_travel_with_their_labels_and_are_scaled_by_float32_one_255th()
    {
        var ds = Tiny(FreshRandom());
        var (images, labels) = ds.NextBatch(3);

        Assert.Equal(NPTypeCode.Single, images.typecode);
        Assert.Equal([3, 4], images.shape.Select(d => (int)d));
        var flat = images.ToArray<float>();
        var ls = labels.ToArray<byte>();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(ls[r] * (float)(1.0 / 255.0), flat[r * 4 + c]);
    }

    [Fact]
    public void Images_and_Labels_show_the_current_shuffled_order()
    {
        var ds = Tiny(FreshRandom());
        Assert.Equal(Enumerable.Range(0, 10), ds.Labels.ToArray<byte>().Select(b => (int)b));

        ds.NextBatch(1);

        Assert.Equal([8, 1, 5, 0, 7, 2, 9, 4, 3, 6], ds.Labels.ToArray<byte>().Select(b => (int)b));
        Assert.Equal(8 * DataSet.PixelScale, ds.Images.GetSingle(0, 0));
    }

    [Fact]
    public void Without_shuffle_batches_run_in_order_and_wrap()
    {
        var ds = Tiny(FreshRandom());
        Assert.Equal([0, 1, 2, 3], Labels(ds.NextBatch(4, shuffle: false)));
        Assert.Equal([4, 5, 6, 7], Labels(ds.NextBatch(4, shuffle: false)));
        Assert.Equal([8, 9, 0, 1], Labels(ds.NextBatch(4, shuffle: false)));
        Assert.Equal(1, ds.EpochsCompleted);
    }

    [Fact]
    public void An_op_seed_seeds_numpy_with_itself()
    {
        // read_data_sets(seed=42) without a graph seed: get_seed -> (87654321, 42), numpy.random.seed(42).
        var ds = Tiny(FreshRandom(), graphSeed: null, seed: 42);
        Assert.Equal([8, 1, 5, 0], Labels(ds.NextBatch(4)));
    }

    [Fact]
    public void Without_any_seed_two_data_sets_shuffle_differently()
    {
        var a = Tiny(FreshRandom(), graphSeed: null);
        var b = Tiny(FreshRandom(), graphSeed: null);
        Assert.NotEqual(Labels(a.NextBatch(10)), Labels(b.NextBatch(10)));
    }

    [Fact]
    public void Take_keeps_the_first_examples_and_starts_a_fresh_epoch()
    {
        var random = FreshRandom();
        var small = Tiny(random).Take(4);

        Assert.Equal(4, small.NumExamples);
        Assert.Equal([0, 1, 2, 3], small.Labels.ToArray<byte>().Select(b => (int)b));
        // No reseed and no draw yet: the shared RNG is at the start of seed 42's stream, whose
        // permutation(4) is [1 3 0 2] (reference model).
        Assert.Equal([1, 3, 0, 2], Labels(small.NextBatch(4)));
    }

    [Fact]
    public void Mismatched_rows_and_bad_batch_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new DataSet(new NDArray(new byte[8], new Shape(2, 2, 2)), new NDArray(new byte[3], new Shape(3)), random: FreshRandom()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tiny(FreshRandom()).NextBatch(0));
    }

    [Fact]
    public void Shuffle_batch_splits_one_permutation_with_array_split()
    {
        var x = np.arange(10).reshape(10, 1);
        var y = np.arange(10);
        var random = FreshRandom();
        random.seed(42u);

        var batches = Batches.ShuffleBatch(x, y, 3, random).ToArray();

        // permutation(10) = [8 1 5 0 7 2 9 4 3 6]; 10 // 3 = 3 sections of 4, 3, 3.
        Assert.Equal([[8, 1, 5, 0], [7, 2, 9], [4, 3, 6]], batches.Select(b => b.Y.ToArray<long>().Select(v => (int)v).ToArray()));
        Assert.Equal([8L, 1, 5, 0], batches[0].X.ToArray<long>());
    }

    [Fact]
    public void Shuffle_batch_with_fewer_rows_than_a_batch_fails_when_enumerated_like_numpy()
    {
        var batches = Batches.ShuffleBatch(np.arange(3), np.arange(3), 5, FreshRandom());
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.ToArray());
    }
}

/// <summary>The one test that touches NumPy's global RNG, kept out of parallel runs.</summary>
[Collection(NumpyGlobalRandomCollection.Name)]
public sealed class DataSetGlobalRandomTests
{
    [Fact]
    public void By_default_a_DataSet_reseeds_numpys_global_rng()
    {
        np.random.seed(7u);
        _ = new DataSet(new NDArray(new byte[4], new Shape(4, 1, 1)), new NDArray(new byte[4], new Shape(4)), graphSeed: 42);
        Assert.Equal([8L, 1, 5, 0, 7, 2, 9, 4, 3, 6], np.random.permutation(10).ToArray<long>());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NumpyGlobalRandomCollection
{
    public const string Name = "NumPy global RNG";
}
