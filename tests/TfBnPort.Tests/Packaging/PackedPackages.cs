using System.Diagnostics;
using System.Xml.Linq;
using TfBnPort.Tests.Notebooks;

namespace TfBnPort.Tests.Packaging;

/// <summary>A folder of freshly packed TfBnPort packages, all of version <see cref="Version"/>.</summary>
public sealed record PackageFeed(string Folder, string Version);

/// <summary>
/// The solution packed once per test run (<c>dotnet pack TfBnPort.sln --no-build</c>: the very
/// assemblies the tests were built from), shared by every test that consumes the packages.
/// <para>
/// The packages go where the README's <c>dotnet pack TfBnPort.sln -c Release -o artifacts</c> puts
/// them, <c>artifacts/</c>, so the notebooks' package source (notebooks/nuget.config: ../artifacts) is exercised as written.
/// NuGet caches a package by id and version (~/.nuget/packages, and .NET Interactive's restore cache), so
/// a repacked same-version package would be served stale. Each run therefore packs a version of its
/// own, <c>{Packaging.props version}-test.{time}.{pid}</c>, and at exit deletes that version's files
/// from artifacts/ and its folders from the global packages folder; everything else stays.
/// </para>
/// </summary>
public static class PackedPackages
{
    /// <summary>What <c>dotnet pack TfBnPort.sln</c> must produce (with a .snupkg beside each).</summary>
    public static readonly IReadOnlyList<string> Ids =
        ["TfBnPort.Acquisition", "TfBnPort.Tensorflow", "TfBnPort.Reference", "TfBnPort.Data", "TfBnPort.Samples", "TfBnPort.Console"];

    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(5);

    private static readonly Lazy<PackageFeed> Feed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Stopwatch PackClock = new();

    /// <summary>The packed feed; the first caller packs (a failure is remembered and repeated to every caller).</summary>
    public static PackageFeed Get() => Feed.Value;

    /// <summary>How long this run's pack took (zero before it ran).</summary>
    public static TimeSpan PackTime => PackClock.Elapsed;

    /// <summary>The one version of every package, as Packaging.props sets it.</summary>
    public static string SolutionVersion { get; } =
        XDocument.Load(Path.Combine(NotebookTests.RepoRoot(), "Packaging.props")).Descendants("Version").First().Value;

    private static PackageFeed Pack()
    {
        var version = $"{SolutionVersion}-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = Path.Combine(NotebookTests.RepoRoot(), "artifacts");
        Directory.CreateDirectory(folder);
        RemoveLeftoversOfEndedRuns(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUp(folder, version);

        PackClock.Start();
        var root = NotebookTests.RepoRoot();
        var (code, output) = ChildProcess.RunDotnet(root, PackLimit, "pack", Path.Combine(root, "TfBnPort.sln"),
            "-c", NotebookRunner.Configuration, "--no-build", "--no-restore", "-o", folder, $"-p:Version={version}", "-nologo");
        PackClock.Stop();
        if (code != 0) throw new InvalidOperationException($"dotnet pack failed (exit {code}):\n{output}");
        var missing = Ids.Where(id => !File.Exists(Path.Combine(folder, $"{id}.{version}.nupkg"))).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"dotnet pack did not produce {string.Join(", ", missing)} in {folder}:\n{output}");
        return new PackageFeed(folder, version);
    }

    /// <summary>The global packages folder: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>This run's version only: other versions of the packages, and everything else, stay.</summary>
    private static void CleanUp(string feed, string version)
    {
        // The files first: the test host may be stopped before it gets through the folders (the next
        // run's RemoveLeftoversOfEndedRuns finishes the job).
        foreach (var id in Ids)
        {
            TryDelete(() => File.Delete(Path.Combine(feed, $"{id}.{version}.nupkg")));
            TryDelete(() => File.Delete(Path.Combine(feed, $"{id}.{version}.snupkg")));
        }
        foreach (var id in Ids)
            TryDelete(() => Directory.Delete(Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant(), version), recursive: true));
    }

    /// <summary>
    /// A run whose exit clean-up was cut short (killed, crashed) leaves its test version behind: those
    /// of runs no longer alive (by the pid in the version) are removed here.
    /// </summary>
    private static void RemoveLeftoversOfEndedRuns(string feed)
    {
        foreach (var file in Directory.GetFiles(feed, "TfBnPort.*-test.*"))
            if (TestRunPid(Path.GetFileName(file)) is { } pid && !IsAlive(pid)) TryDelete(() => File.Delete(file));
        foreach (var id in Ids)
        {
            var versions = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant());
            if (!Directory.Exists(versions)) continue;
            foreach (var folder in Directory.GetDirectories(versions, "*-test.*"))
                if (TestRunPid(Path.GetFileName(folder)) is { } pid && !IsAlive(pid)) TryDelete(() => Directory.Delete(folder, recursive: true));
        }
    }

    /// <summary>The pid in a test version (…-test.TIME.PID, as a folder or inside a package file name).</summary>
    private static int? TestRunPid(string name)
    {
        var m = System.Text.RegularExpressions.Regex.Match(name, @"-test\.\d+\.(\d+)(\.s?nupkg)?$");
        return m.Success && int.TryParse(m.Groups[1].Value, out var pid) ? pid : null;
    }

    private static bool IsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static void TryDelete(Action delete)
    {
        try { delete(); }
        catch (DirectoryNotFoundException) { } // never restored there
        catch (IOException) { } // best effort at exit: a leftover costs disk, not correctness
        catch (UnauthorizedAccessException) { }
    }
}
