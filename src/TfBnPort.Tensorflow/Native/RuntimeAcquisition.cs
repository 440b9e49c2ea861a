using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using TfBnPort.Acquisition;

namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// Obtains the official libtensorflow 1.15.0 (CPU) the way a Redist package would: from the npm
/// package tfjs-node-lambda-releases@1.6.1, which ships it as a brotli-compressed node_modules
/// snapshot. The tarball's sha512 and both libraries' sha256 are checked; the result is cached.
/// </summary>
public static class RuntimeAcquisition
{
    public const string NpmPackageSpec = "tfjs-node-lambda-releases@1.6.1";
    public const string TarballSha512Base64 = "D275PZpxsKenTuiPnvIE5T+D5JrT4aU9M3EDCedBQKlP0hUB7011Yzg8CAJ6MBIog9Lq90aaEair4yrBBlk61w==";
    public const string SnapshotEntry = "package/nodejs12.x-tf1.7.4.br";
    private const string DepsPrefix = "node_modules/@tensorflow/tfjs-node/deps/";

    public const string MainLibrary = "libtensorflow.so.1.15.0";
    public const string FrameworkLibrary = "libtensorflow_framework.so.1.15.0";

    public static readonly IReadOnlyDictionary<string, string> ExpectedSha256 = new Dictionary<string, string>
    {
        [MainLibrary] = "95590cd1cbe4fcd2065e17b2c797a39e2ee31b499d081aff77d3b70a93818daa",
        [FrameworkLibrary] = "0217782c0ef974979ea371efa2b672622cd4486d2ec2746d24277a5f50d63e09",
    };

    /// <summary>The cache folder holding lib/ and include/ once acquired.</summary>
    public static string CacheDirectory => Path.Combine(CacheFolder.Root, "libtensorflow-1.15.0");

    public static string CachedLibraryPath => Path.Combine(CacheDirectory, "lib", MainLibrary);

    /// <summary>The cached library path, fetching and verifying it first if it is not there yet.</summary>
    public static string EnsureCached(Action<string>? log = null)
    {
        if (IsCached()) return CachedLibraryPath;
        using var gate = CrossProcessLock.Acquire(Path.Combine(CacheFolder.Root, "libtensorflow.lock"), TimeSpan.FromMinutes(20));
        if (IsCached()) return CachedLibraryPath; // another process fetched it while we waited
        Fetch(log ?? (line => System.Console.Error.WriteLine($"[tfbnport] {line}")));
        return CachedLibraryPath;
    }

    private static bool IsCached() =>
        File.Exists(Path.Combine(CacheDirectory, "verified")) && File.Exists(CachedLibraryPath);

    private static void Fetch(Action<string> log)
    {
        var staging = Path.Combine(CacheFolder.Root, $"libtensorflow-staging-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var tarball = NpmPackage.Pack(NpmPackageSpec, staging, log);
            VerifyTarball(tarball);
            log("extracting libtensorflow 1.15.0 from the brotli snapshot");
            var snapshot = NpmPackage.ExtractEntries(tarball, name => name == SnapshotEntry, staging)[SnapshotEntry];
            File.Delete(tarball);
            var target = Path.Combine(staging, "runtime");
            ExtractDeps(snapshot, target);
            File.Delete(snapshot);
            VerifyLibraries(Path.Combine(target, "lib"));
            LinkSoname(Path.Combine(target, "lib"));
            File.WriteAllText(Path.Combine(target, "verified"), string.Join("\n", ExpectedSha256.Select(kv => $"{kv.Value}  {kv.Key}")) + "\n");
            if (Directory.Exists(CacheDirectory)) Directory.Delete(CacheDirectory, recursive: true);
            Directory.Move(target, CacheDirectory);
            log($"libtensorflow 1.15.0 cached in {CacheDirectory}");
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private static void VerifyTarball(string tarball)
    {
        using var stream = File.OpenRead(tarball);
        var actual = Convert.ToBase64String(SHA512.HashData(stream));
        if (actual != TarballSha512Base64)
            throw new NativeLibraryException($"The tarball of {NpmPackageSpec} has sha512-{actual}, expected sha512-{TarballSha512Base64}. " +
                                             "The registry served something else; nothing was installed.");
    }

    /// <summary>Streams the brotli tar and keeps deps/lib/*.so.1.15.0 and deps/include/**.</summary>
    private static void ExtractDeps(string brotliSnapshot, string target)
    {
        using var file = File.OpenRead(brotliSnapshot);
        using var brotli = new BrotliStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(brotli);
        while (tar.GetNextEntry() is { } entry)
        {
            if (!entry.Name.StartsWith(DepsPrefix, StringComparison.Ordinal)) continue;
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            var relative = entry.Name[DepsPrefix.Length..];
            if (!(relative.StartsWith("include/") || relative == $"lib/{MainLibrary}" || relative == $"lib/{FrameworkLibrary}")) continue;
            var path = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path, overwrite: true);
        }
    }

    private static void VerifyLibraries(string libDir)
    {
        foreach (var (name, expected) in ExpectedSha256)
        {
            var path = Path.Combine(libDir, name);
            if (!File.Exists(path))
                throw new NativeLibraryException($"{name} is missing from the {NpmPackageSpec} snapshot; nothing was installed.");
            var actual = FileHashes.Sha256(path);
            if (actual != expected)
                throw new NativeLibraryException($"{name} has sha256 {actual}, expected {expected}; nothing was installed.");
        }
    }

    /// <summary>libtensorflow.so's RUNPATH is $ORIGIN, and it needs libtensorflow_framework.so.1 by that soname.</summary>
    private static void LinkSoname(string libDir)
    {
        File.CreateSymbolicLink(Path.Combine(libDir, "libtensorflow_framework.so.1"), FrameworkLibrary);
        File.CreateSymbolicLink(Path.Combine(libDir, "libtensorflow.so.1"), MainLibrary);
    }
}
