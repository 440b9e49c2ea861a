using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Tests.Data;

public sealed class SkLearnTests
{
    private static NDArray Column(params int[] values) => np.array(values);

    [Fact]
    public void Stratified_shuffle_split_matches_the_sklearn_doctest()
    {
        // scikit-learn 0.20 StratifiedShuffleSplit docstring: y = [0 0 0 1 1 1],
        // n_splits=5, test_size=0.5, random_state=0 (real NumPy output).
        var splits = new StratifiedShuffleSplit(5, testSize: 0.5, randomState: 0).Split(6, Column(0, 0, 0, 1, 1, 1)).ToArray();

        int[][] train = [[5, 2, 3], [5, 1, 4], [5, 0, 2], [4, 1, 0], [0, 5, 1]];
        int[][] test = [[4, 1, 0], [0, 2, 3], [4, 3, 1], [2, 3, 5], [3, 4, 2]];
        Assert.Equal(train, splits.Select(s => s.Train));
        Assert.Equal(test, splits.Select(s => s.Test));
    }

    [Fact]
    public void Shuffle_split_matches_the_sklearn_doctest()
    {
        // scikit-learn ShuffleSplit docstring (4 samples, test_size=.25, random_state=0):
        // TRAIN [3 1 0] TEST [2]; [2 1 3] [0]; [0 2 1] [3]; with train_size=0.5: [3 1] [2]; [2 1] [0]; [0 2] [3].
        var splits = new ShuffleSplit(3, testSize: 0.25, randomState: 0).Split(4).ToArray();
        Assert.Equal([[3, 1, 0], [2, 1, 3], [0, 2, 1]], splits.Select(s => s.Train));
        Assert.Equal([[2], [0], [3]], splits.Select(s => s.Test));

        var halves = new ShuffleSplit(3, testSize: 0.25, trainSize: 0.5, randomState: 0).Split(4).ToArray();
        Assert.Equal([[3, 1], [2, 1], [0, 2]], halves.Select(s => s.Train));
    }

    [Fact]
    public void Train_test_split_takes_the_first_stratified_split_and_its_rows()
    {
        var x = np.array(new[] { 10, 11, 12, 13, 14, 15 }).reshape(6, 1);
        var y = Column(0, 0, 0, 1, 1, 1);

        var split = SkLearn.TrainTestSplit(x, y, testSize: 3, randomState: 0, stratify: y);

        Assert.Equal([5, 2, 3], split.TrainIndices);
        Assert.Equal([4, 1, 0], split.TestIndices);
        Assert.Equal([15, 12, 13], split.XTrain.ToArray<int>());
        Assert.Equal([14, 11, 10], split.XTest.ToArray<int>());
        Assert.Equal([1, 0, 1], split.YTrain.ToArray<int>());
        Assert.Equal([1, 0, 0], split.YTest.ToArray<int>());
    }

    [Fact]
    public void One_hot_stratification_orders_classes_as_strings()
    {
        // The same labels one-hot: rows become "1.0 0.0" (label 0) and "0.0 1.0" (label 1), so
        // np.unique puts label 1 first and the classes are visited in the other order. Derived
        // with the reference model (RandomState(0)): over classes ("0.0 1.0", "1.0 0.0") the first
        // split has n_i = [1, 2], t_i = [2, 1]: one label-1 and two label-0 samples train.
        var y = OneHot.FromLabels(Column(0, 0, 0, 1, 1, 1), 2);
        var splits = new StratifiedShuffleSplit(2, testSize: 3, randomState: 0).Split(6, y).ToArray();

        Assert.Equal([2, 5, 0], splits[0].Train);
        Assert.Equal([1, 4, 3], splits[0].Test);
        Assert.Equal([2, 4, 1], splits[1].Train);
        Assert.Equal([3, 5, 0], splits[1].Test);
    }

    [Fact]
    public void Seed_000_one_hot_is_float32_and_compares_rather_than_indexes()
    {
        var y = OneHot.FromLabels(np.array(new[] { 2.0, 0.0, 9.0, 11.0 }), 10);

        Assert.Equal(NPTypeCode.Single, y.typecode);
        Assert.Equal([4, 10], y.shape.Select(d => (int)d));
        Assert.Equal(1f, y.GetSingle(0, 2));
        Assert.Equal(1f, y.GetSingle(2, 9));
        Assert.Equal(0f, y[3].ToArray<float>().Sum()); // label 11 matches no column
        Assert.Equal(3f, y.ToArray<float>().Sum());
    }

    [Fact]
    public void Invalid_sizes_and_classes_are_refused_with_sklearn_messages()
    {
        var y = Column(0, 0, 0, 1, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StratifiedShuffleSplit(1, testSize: 6, randomState: 0).Split(6, y).First());
        Assert.Throws<ArgumentOutOfRangeException>(() => new StratifiedShuffleSplit(1, testSize: 1.5, randomState: 0).Split(6, y).First());
        var single = Assert.Throws<ArgumentException>(() => new StratifiedShuffleSplit(1, testSize: 2, randomState: 0).Split(3, Column(0, 0, 1)).First());
        Assert.Contains("least populated class", single.Message);
        var few = Assert.Throws<ArgumentException>(() => new StratifiedShuffleSplit(1, testSize: 1, randomState: 0).Split(6, y).First());
        Assert.Contains("should be greater or equal to the number of classes", few.Message);
        Assert.Throws<ArgumentException>(() => SkLearn.TrainTestSplit(np.arange(5), y, testSize: 2, randomState: 0));
    }
}
