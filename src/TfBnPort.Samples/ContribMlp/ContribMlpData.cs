using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Samples.ContribMlp;

/// <summary>
/// Seed 000's "charger des données, préparer des données" and the two train_test_split calls:
/// all 70,000 digits of fetch_mldata('MNIST original') → train 50,000 / valid 10,000 / test 10,000.
/// </summary>
public sealed record ContribMlpData(NDArray train_X, NDArray train_y, NDArray valid_X, NDArray valid_y, NDArray test_X, NDArray test_y)
{
    public const int num_classes = 10;

    public static ContribMlpData Load(TextWriter log, int? limit, int? testLimit)
    {
        var mnist = MnistOriginal.Fetch();
        // The extract cuts these two prints after the comma; the shapes are what they print.
        log.WriteLine($"MNIST data, X shape\t {PyFormat.Shape(mnist.Data)}");
        log.WriteLine($"MNIST data, y shape\t {PyFormat.Shape(mnist.Target)}");

        // `mnist_X =` / `mnist_y =` are cut off. The graph needs float32 features (tf.constant(valid_X)
        // is multiplied with float32 weights), so: mnist.data.astype(np.float32) (pixels 0-255, not
        // rescaled: nothing in the extract rescales them) and mnist.target (float64).
        var mnist_X = mnist.Data.astype(NPTypeCode.Single);
        var mnist_y = mnist.Target;
        log.WriteLine(PyFormat.DType(mnist_X));
        log.WriteLine(PyFormat.DType(mnist_y));

        // One-Hot-Encode y: (np.arange(num_classes) == mnist_y[:, None]).astype(np.float32)
        mnist_y = OneHot.FromLabels(mnist_y, num_classes);
        log.WriteLine(PyFormat.Shape(mnist_y));

        // The first call is cut off after `test_size=10000,`: the same arguments as the second are assumed.
        var first = SkLearn.TrainTestSplit(mnist_X, mnist_y, testSize: 10000, randomState: 325, stratify: mnist_y);
        var (train_X, valid_X, train_y, valid_y) = (first.XTrain, first.XTest, first.YTrain, first.YTest);
        var second = SkLearn.TrainTestSplit(train_X, train_y, testSize: 10000, randomState: 325, stratify: train_y);
        NDArray test_X, test_y;
        (train_X, test_X, train_y, test_y) = (second.XTrain, second.XTest, second.YTrain, second.YTest);
        log.WriteLine("Dataset\t\tFeatureShape\tLabelShape");
        log.WriteLine($"Training set:\t {PyFormat.Shape(train_X)} \t {PyFormat.Shape(train_y)}");
        log.WriteLine($"Validation set:\t {PyFormat.Shape(valid_X)} \t {PyFormat.Shape(valid_y)}");
        log.WriteLine($"Testing set:\t {PyFormat.Shape(test_X)} \t {PyFormat.Shape(test_y)}");

        // --limit / --test-limit (not in the document): the first N of each part.
        return new ContribMlpData(Rows.Head(train_X, limit), Rows.Head(train_y, limit),
            Rows.Head(valid_X, testLimit), Rows.Head(valid_y, testLimit), Rows.Head(test_X, testLimit), Rows.Head(test_y, testLimit));
    }
}
