using NumSharp;

namespace TfBnPort.Data;

/// <summary>The Bunch <c>fetch_mldata</c> returned: <c>data</c> and <c>target</c>.</summary>
public sealed record MlDataBunch(NDArray Data, NDArray Target);

/// <summary>
/// scikit-learn's <c>fetch_mldata('MNIST original')</c> (seed 000). mldata.org is gone; its file
/// held the 60,000 training digits then the 10,000 test digits, each part stably sorted by label,
/// so it is rebuilt from the IDX files in that order.
/// </summary>
public static class MnistOriginal
{
    /// <summary>data: uint8 [70000, 784]; target: float64 [70000] (the digit).</summary>
    public static MlDataBunch Fetch(MnistFileSet? files = null)
    {
        var raw = MnistRawData.Load(files);
        var trainOrder = StableOrderByLabel(raw.TrainLabels.Data);
        var testOrder = StableOrderByLabel(raw.TestLabels.Data);
        var pixels = MnistRawData.Rows * MnistRawData.Columns;
        var total = trainOrder.Length + testOrder.Length;

        var data = new byte[(long)total * pixels];
        var target = new double[total];
        int row = 0;
        foreach (var (images, labels, order) in new[] { (raw.TrainImages, raw.TrainLabels, trainOrder), (raw.TestImages, raw.TestLabels, testOrder) })
        {
            foreach (var source in order)
            {
                Array.Copy(images.Data, (long)source * pixels, data, (long)row * pixels, pixels);
                target[row] = labels.Data[source];
                row++;
            }
        }
        return new MlDataBunch(new NDArray(data, new Shape(total, pixels)), new NDArray(target, new Shape(total)));
    }

    /// <summary>Indices sorted by label, ties kept in file order (a counting sort is stable).</summary>
    private static int[] StableOrderByLabel(byte[] labels)
    {
        var buckets = new List<int>[256];
        for (int i = 0; i < labels.Length; i++) (buckets[labels[i]] ??= []).Add(i);
        return buckets.Where(b => b is not null).SelectMany(b => b!).ToArray();
    }
}
