using NumSharp;

namespace TfBnPort.Data;

/// <summary><c>tf.keras.datasets.mnist.load_data()</c>, as seed 002 calls it.</summary>
public static class KerasMnist
{
    /// <summary>
    /// ((x_train uint8 [60000, 28, 28], y_train uint8 [60000]), (x_test [10000, 28, 28], y_test [10000]))
    /// in the IDX files' order. <paramref name="trainLimit"/>/<paramref name="testLimit"/> keep only
    /// the first N examples of each part, for quick runs (Python has no such option).
    /// </summary>
    public static ((NDArray X, NDArray Y) Train, (NDArray X, NDArray Y) Test) LoadData(
        int? trainLimit = null, int? testLimit = null, MnistFileSet? files = null)
    {
        var raw = MnistRawData.Load(files);
        return (Part(raw.TrainImages, raw.TrainLabels, trainLimit), Part(raw.TestImages, raw.TestLabels, testLimit));
    }

    private static (NDArray X, NDArray Y) Part(IdxArray images, IdxArray labels, int? limit)
    {
        var x = images.ToNDArray();
        var y = labels.ToNDArray();
        if (limit is not { } n) return (x, y);
        ArgumentOutOfRangeException.ThrowIfNegative(n, nameof(limit));
        n = Math.Min(n, images.Count);
        return (x[$":{n}"].copy(), y[$":{n}"].copy());
    }
}
