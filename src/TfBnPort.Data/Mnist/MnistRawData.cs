namespace TfBnPort.Data;

/// <summary>
/// The four MNIST IDX arrays, read and cross-checked: images are N×28×28, labels N, the counts
/// pair up and every label is a digit. The loaders copy out of it, so it is read once per process.
/// </summary>
public sealed class MnistRawData
{
    public const int Rows = 28;
    public const int Columns = 28;
    public const int Classes = 10;

    private static readonly object CacheGate = new();
    private static (MnistFileSet Files, MnistRawData Data)? _cache;

    private MnistRawData(MnistFileSet files, IdxArray trainImages, IdxArray trainLabels, IdxArray testImages, IdxArray testLabels)
    {
        Files = files;
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
    }

    public MnistFileSet Files { get; }
    public IdxArray TrainImages { get; }
    public IdxArray TrainLabels { get; }
    public IdxArray TestImages { get; }
    public IdxArray TestLabels { get; }

    /// <summary>The data of <paramref name="files"/> (default: <see cref="MnistFiles.Locate"/>), cached per file set.</summary>
    public static MnistRawData Load(MnistFileSet? files = null)
    {
        files ??= MnistFiles.Locate();
        lock (CacheGate)
        {
            if (_cache is { } hit && hit.Files == files) return hit.Data;
            var data = Read(files);
            _cache = (files, data);
            return data;
        }
    }

    private static MnistRawData Read(MnistFileSet files)
    {
        var (trainImages, trainLabels) = ReadPart(files.TrainImages, files.TrainLabels);
        var (testImages, testLabels) = ReadPart(files.TestImages, files.TestLabels);
        return new MnistRawData(files, trainImages, trainLabels, testImages, testLabels);
    }

    private static (IdxArray, IdxArray) ReadPart(string imagesPath, string labelsPath)
    {
        var (images, labels) = IdxReader.ReadImagesAndLabels(imagesPath, labelsPath);
        if (images.Dimensions[1] != Rows || images.Dimensions[2] != Columns)
            throw new IdxFormatException(imagesPath, "the images are not MNIST-sized",
                $"{Rows}×{Columns} pixels", $"{images.Dimensions[1]}×{images.Dimensions[2]}");
        var labelData = labels.Data;
        for (int i = 0; i < labelData.Length; i++)
        {
            if (labelData[i] >= Classes)
                throw new IdxFormatException(labelsPath, "a label is not a digit",
                    $"labels 0–{Classes - 1}", $"{labelData[i]} at index {i}");
        }
        return (images, labels);
    }
}
