using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Tests.Data;

/// <summary>Each full-MNIST product is built once for the whole test run.</summary>
internal static class MnistOnce
{
    public static readonly Lazy<((NDArray X, NDArray Y) Train, (NDArray X, NDArray Y) Test)> Keras = new(() => KerasMnist.LoadData());
    public static readonly Lazy<Datasets> OneHotSets = new(() => InputData.ReadDataSets(oneHot: true, graphSeed: 42, random: np.random.RandomState()));
    public static readonly Lazy<MlDataBunch> Original = new(() => MnistOriginal.Fetch());
}

/// <summary>
/// Known MNIST facts: the IDX label files start 5 0 4 1 9 2 1 3 1 4 (train) and 7 2 1 0 4 1 4 9 5 9
/// (test); per-digit counts are train [5923 6742 5958 6131 5842 5421 5918 6265 5851 5949] and test
/// [980 1135 1032 1010 982 892 958 1028 974 1009].
/// </summary>
public sealed class MnistLoaderTests
{
    private static readonly int[] TrainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    private static readonly int[] TestCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    private static int[] Ints(NDArray a) => a.astype(NPTypeCode.Int32).ToArray<int>();
    private static int[] Shape(NDArray a) => a.shape.Select(d => (int)d).ToArray();
    private static int ArgMax(NDArray row) { var v = row.ToArray<double>(); return Array.IndexOf(v, v.Max()); }

    [Fact]
    public void Keras_load_data_gives_uint8_arrays_in_idx_order()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = MnistOnce.Keras.Value;

        Assert.Equal([60000, 28, 28], Shape(xTrain));
        Assert.Equal([60000], Shape(yTrain));
        Assert.Equal([10000, 28, 28], Shape(xTest));
        Assert.Equal([10000], Shape(yTest));
        Assert.All(new[] { xTrain, yTrain, xTest, yTest }, a => Assert.Equal(NPTypeCode.Byte, a.typecode));
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], Ints(yTrain["0:10"]));
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], Ints(yTest["0:10"]));
        var pixels = xTrain.ToArray<byte>();
        Assert.Equal(0, pixels.Min());
        Assert.Equal(255, pixels.Max());
        Assert.Equal(TrainCounts, Enumerable.Range(0, 10).Select(d => yTrain.ToArray<byte>().Count(l => l == d)));
    }

    [Fact]
    public void Keras_limits_keep_the_first_examples()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = KerasMnist.LoadData(trainLimit: 100, testLimit: 10);

        Assert.Equal([100, 28, 28], Shape(xTrain));
        Assert.Equal([10], Shape(yTest));
        Assert.Equal(MnistOnce.Keras.Value.Train.X["0:100"].ToArray<byte>(), xTrain.ToArray<byte>());
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], Ints(yTest));
    }

    [Fact]
    public void Read_data_sets_splits_55000_5000_10000_with_scaled_floats_and_float64_one_hot()
    {
        var sets = MnistOnce.OneHotSets.Value;

        Assert.Equal((55000, 5000, 10000), (sets.Train.NumExamples, sets.Validation.NumExamples, sets.Test.NumExamples));
        var images = sets.Validation.Images;
        Assert.Equal([5000, 784], Shape(images));
        Assert.Equal(NPTypeCode.Single, images.typecode);
        var values = images.ToArray<float>();
        Assert.Equal(0f, values.Min());
        Assert.Equal(1f, values.Max()); // 255 * float32(1/255) rounds to exactly 1
        Assert.Equal([55000, 784], Shape(sets.Train.Images));

        var labels = sets.Train.Labels;
        Assert.Equal(NPTypeCode.Double, labels.typecode);
        Assert.Equal([55000, 10], Shape(labels));
        Assert.Equal(55000.0, labels.ToArray<double>().Sum());
    }

    [Fact]
    public void Read_data_sets_takes_validation_from_the_head_of_the_training_file()
    {
        var sets = MnistOnce.OneHotSets.Value;
        var keras = MnistOnce.Keras.Value;

        Assert.Equal(5, ArgMax(sets.Validation.Labels[0]));   // training label 0
        Assert.Equal(2, ArgMax(sets.Validation.Labels[4999])); // training label 4999
        Assert.Equal(Ints(keras.Train.Y)[4999], ArgMax(sets.Validation.Labels[4999]));
        Assert.Equal(7, ArgMax(sets.Train.Labels[0]));        // training label 5000
        Assert.Equal(8, ArgMax(sets.Train.Labels[54999]));    // training label 59999
        Assert.Equal(7, ArgMax(sets.Test.Labels[0]));
        Assert.Equal(6, ArgMax(sets.Test.Labels[9999]));

        // Training image 5000, pixel 207 is 97 in the IDX file: stored as float32(97) * float32(1/255).
        Assert.Equal(97, keras.Train.X.GetByte(5000, 7, 11));
        Assert.Equal(97f * (float)(1.0 / 255.0), sets.Train.Images.GetSingle(0, 207));
    }

    [Fact]
    public void Read_data_sets_without_one_hot_gives_uint8_labels()
    {
        var sets = InputData.ReadDataSets(oneHot: false, validationSize: 100, graphSeed: 1, random: np.random.RandomState());

        Assert.Equal((59900, 100), (sets.Train.NumExamples, sets.Validation.NumExamples));
        Assert.Equal(NPTypeCode.Byte, sets.Test.Labels.typecode);
        Assert.Equal([5, 0, 4, 1, 9], Ints(sets.Validation.Labels["0:5"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => InputData.ReadDataSets(validationSize: 60001));
    }

    [Fact]
    public void With_graph_seed_42_the_first_train_batch_is_numpys_seed_42_permutation_head()
    {
        // All three DataSets reseed NumPy with 42, so train's first shuffle is permutation(55000)
        // of a fresh seed-42 stream: its head is [34191 23679 44684 11335] (reference model),
        // i.e. training rows 39191, 28679, 49684, 16335 with labels 8 5 5 6.
        var sets = InputData.ReadDataSets(oneHot: false, graphSeed: 42, random: np.random.RandomState());
        var keras = MnistOnce.Keras.Value;

        var (images, labels) = sets.Train.NextBatch(4);

        Assert.Equal([8, 5, 5, 6], Ints(labels));
        Assert.Equal(keras.Train.X[39191].ToArray<byte>().Select(b => b * DataSet.PixelScale), images[0].ToArray<float>());
        Assert.Equal(keras.Train.X[16335].ToArray<byte>().Select(b => b * DataSet.PixelScale), images[3].ToArray<float>());
    }

    [Fact]
    public void Take_limits_a_split_for_quick_runs()
    {
        var small = MnistOnce.OneHotSets.Value.Train.Take(1000);
        Assert.Equal(1000, small.NumExamples);
        Assert.Equal([1000, 784], Shape(small.Images));
        Assert.Equal(7, ArgMax(small.Labels[0]));
    }

    [Fact]
    public void Fetch_mldata_order_is_train_then_test_each_stably_sorted_by_label()
    {
        var bunch = MnistOnce.Original.Value;
        var keras = MnistOnce.Keras.Value;

        Assert.Equal([70000, 784], Shape(bunch.Data));
        Assert.Equal(NPTypeCode.Byte, bunch.Data.typecode);
        Assert.Equal([70000], Shape(bunch.Target));
        Assert.Equal(NPTypeCode.Double, bunch.Target.typecode);

        var target = bunch.Target.ToArray<double>();
        var expected = Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat((double)d, TrainCounts[d]))
            .Concat(Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat((double)d, TestCounts[d])));
        Assert.Equal(expected, target);

        // Stable: the first 0 is training image 1 (labels start 5 0 ...), the first 1 is image 3,
        // the first test-part 0 is test image 3 (test labels start 7 2 1 0 ...).
        Assert.Equal(keras.Train.X[1].ToArray<byte>(), bunch.Data[0].ToArray<byte>());
        Assert.Equal(keras.Train.X[3].ToArray<byte>(), bunch.Data[TrainCounts[0]].ToArray<byte>());
        Assert.Equal(keras.Test.X[3].ToArray<byte>(), bunch.Data[60000].ToArray<byte>());
    }

    [Fact]
    public void Seed_000_stratified_split_of_all_70000_digits()
    {
        // train_test_split(mnist_X, mnist_y_onehot, test_size=10000, random_state=325, stratify=mnist_y_onehot).
        // Each test class gets c - n_i where n_i = _approximate_mode(c, 60000) (floor or ceil of c/7);
        // the ties in the remainders are broken by RandomState(325). Counts and indices below were
        // derived with the reference model of sklearn 0.20 + NumPy's legacy stream
        // (Reference/derive_expectations.py), which reproduces sklearn's own doctests.
        var bunch = MnistOnce.Original.Value;
        var y = OneHot.FromLabels(bunch.Target, 10);

        var split = SkLearn.TrainTestSplit(bunch.Data, y, testSize: 10000, randomState: 325, stratify: y);

        Assert.Equal([60000, 784], Shape(split.XTrain));
        Assert.Equal([10000, 784], Shape(split.XTest));
        Assert.Equal([60000, 10], Shape(split.YTrain));
        Assert.Equal([10000, 10], Shape(split.YTest));
        var testCounts = Enumerable.Range(0, 10).Select(d => split.TestIndices.Count(i => (int)bunch.Target.GetDouble(i) == d)).ToArray();
        Assert.Equal([986, 1125, 999, 1020, 975, 902, 982, 1042, 975, 994], testCounts);
        for (int d = 0; d < 10; d++)
        {
            var share = (TrainCounts[d] + TestCounts[d]) / 7.0;
            Assert.InRange(testCounts[d], Math.Floor(share), Math.Ceiling(share));
        }
        Assert.Equal([3208, 68573, 46304, 4674, 28428, 32261, 134, 56385, 7852, 24345], split.TrainIndices[..10]);
        Assert.Equal([27088, 68293, 63202], split.TrainIndices[^3..]);
        Assert.Equal([46730, 45918, 54502, 6168, 6917, 6911, 50278, 4622, 50159, 19208], split.TestIndices[..10]);
        Assert.Equal([8059, 46070, 11956], split.TestIndices[^3..]);
        Assert.Equal(70000, split.TrainIndices.Concat(split.TestIndices).Distinct().Count());
        Assert.Equal(bunch.Data[46730].ToArray<byte>(), split.XTest[0].ToArray<byte>());
        Assert.Equal(y[3208].ToArray<float>(), split.YTrain[0].ToArray<float>());

        // The seed's second call splits that training part again with the same arguments.
        var second = SkLearn.TrainTestSplit(split.XTrain, split.YTrain, testSize: 10000, randomState: 325, stratify: split.YTrain);
        Assert.Equal(50000, second.TrainIndices.Length);
        Assert.Equal([19413, 4665, 2320, 29376, 36024, 18914, 35219, 37651, 18583, 41487], second.TrainIndices[..10]);
        Assert.Equal([27726, 13093, 6474, 23907, 53786, 34734, 2869, 34387, 32805, 40285], second.TestIndices[..10]);
    }
}
