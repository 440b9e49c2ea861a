namespace TfBnPort.Data;

/// <summary>One of the four MNIST IDX files: its canonical (uncompressed) name and MD5.</summary>
public sealed record MnistFileInfo(string Name, string Md5);

/// <summary>Where the four MNIST files were found; <see cref="Origin"/> says why there (for messages).</summary>
public sealed record MnistFileSet(string TrainImages, string TrainLabels, string TestImages, string TestLabels, string Origin);
