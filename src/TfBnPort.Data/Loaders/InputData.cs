using NumSharp;

namespace TfBnPort.Data;

/// <summary>The three splits <c>read_data_sets</c> returns (Python's <c>base.Datasets</c> namedtuple).</summary>
public sealed record Datasets(DataSet Train, DataSet Validation, DataSet Test);

/// <summary>
/// <c>tensorflow.examples.tutorials.mnist.input_data</c> (TF 1.15's contrib mnist.py): what seeds
/// 001 and 003 load with <c>input_data.read_data_sets("MNIST_data/", one_hot=True)</c>.
/// </summary>
public static class InputData
{
    public const int DefaultValidationSize = 5000;

    /// <summary>
    /// <c>read_data_sets(train_dir, one_hot, validation_size, seed)</c>: validation = the first
    /// <paramref name="validationSize"/> training digits, train = the rest, test = the 10,000 test
    /// digits; images float32 [N, 784] scaled by float32(1/255); labels one-hot float64 [N, 10]
    /// or uint8 [N]. Each of the three DataSets reseeds NumPy's RNG as TF does:
    /// <paramref name="seed"/> is the op seed passed to read_data_sets, <paramref name="graphSeed"/>
    /// the graph's <c>tf.set_random_seed</c> value (null when never set: then NumPy is seeded from entropy).
    /// </summary>
    public static Datasets ReadDataSets(bool oneHot = false, int validationSize = DefaultValidationSize,
        int? seed = null, long? graphSeed = null, NumPyRandom? random = null, MnistFileSet? files = null)
    {
        var raw = MnistRawData.Load(files);
        var trainCount = raw.TrainImages.Count;
        if (validationSize < 0 || validationSize > trainCount)
            throw new ArgumentOutOfRangeException(nameof(validationSize), validationSize,
                $"Validation size should be between 0 and {trainCount}. Received: {validationSize}.");

        var trainImages = raw.TrainImages.ToNDArray();
        var trainLabels = Labels(raw.TrainLabels, oneHot);
        var testImages = raw.TestImages.ToNDArray();
        var testLabels = Labels(raw.TestLabels, oneHot);

        // Python builds train, then validation, then test; each constructor reseeds NumPy.
        var train = new DataSet(trainImages[$"{validationSize}:"], trainLabels[$"{validationSize}:"], seed, graphSeed, random);
        var validation = new DataSet(trainImages[$":{validationSize}"], trainLabels[$":{validationSize}"], seed, graphSeed, random);
        var test = new DataSet(testImages, testLabels, seed, graphSeed, random);
        return new Datasets(train, validation, test);
    }

    /// <summary>extract_labels: uint8 digits, or <c>dense_to_one_hot</c>'s float64 rows.</summary>
    private static NDArray Labels(IdxArray labels, bool oneHot) =>
        oneHot ? OneHot.Encode(labels.Data, MnistRawData.Classes, NPTypeCode.Double) : labels.ToNDArray();
}
