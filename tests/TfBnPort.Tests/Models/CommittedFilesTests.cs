using System.Text.RegularExpressions;
using TfBnPort.Samples;

namespace TfBnPort.Tests.Models;

/// <summary>
/// The README's "What is committed and what is not": no native TensorFlow library and no MNIST
/// file anywhere in the repository (they are fetched into the per-user cache), while models/
/// holds a trained checkpoint (index + data) and its curves for every sample.
/// </summary>
public class CommittedFilesTests
{
    // Build outputs hold NuGet's own native libraries (HarfBuzzSharp, SkiaSharp); they are ignored, not committed.
    private static readonly HashSet<string> NotSources = new(StringComparer.Ordinal) { ".git", "bin", "obj" };

    // libtensorflow.so.1, libtensorflow_framework.so.1.15.0, tensorflow.dll, libtensorflow.dylib, ...
    private static readonly Regex NativeLibrary = new(@"^(lib)?tensorflow.*\.(so(\.\d+)*|dylib|dll)$|\.(so(\.\d+)*|dylib)$");

    // The four IDX files by their published names, raw or gzip (MnistFiles.All).
    private static readonly Regex MnistFile = new(@"^(train|t10k)-(images|labels)-idx[13]-ubyte(\.gz)?$");

    [Fact]
    public void NoNativeLibraryAndNoMnistFileIsInTheRepository()
    {
        var offending = RepositoryFiles()
            .Where(f => NativeLibrary.IsMatch(Path.GetFileName(f)) || MnistFile.IsMatch(Path.GetFileName(f)))
            .ToList();
        Assert.True(offending.Count == 0,
            "These are fetched into the cache, never committed; move them out of the repository: " + string.Join(", ", offending));
    }

    [Fact]
    public void ModelsHoldsATrainedCheckpointAndItsCurvesForEverySample()
    {
        var models = Path.Combine(RepositoryRoot(), "models");
        foreach (var sample in SampleCatalog.Names)
        {
            var dir = Path.Combine(models, sample);
            var indexes = Directory.EnumerateFiles(dir, "*.index", SearchOption.AllDirectories).ToList();
            Assert.True(indexes.Count > 0, $"models/{sample} has no checkpoint");
            foreach (var index in indexes)
                Assert.True(new FileInfo(Path.ChangeExtension(index, ".data-00000-of-00001")).Length > 0, $"{index} has no data file");
            Assert.True(File.Exists(Path.Combine(dir, "curves.png")), $"models/{sample} has no curves.png");
        }
    }

    private static IEnumerable<string> RepositoryFiles()
    {
        var pending = new Stack<string>([RepositoryRoot()]);
        while (pending.TryPop(out var dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir)) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir))
                if (!NotSources.Contains(Path.GetFileName(sub))) pending.Push(sub);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TfBnPort.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("TfBnPort.sln not found above the test assembly; run the tests from the repository.");
    }
}
