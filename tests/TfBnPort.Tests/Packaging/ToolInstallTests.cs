using TfBnPort.Tests.Samples;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Packaging;

/// <summary>
/// The console app as a .NET tool: installed from the packed folder into a tool path of its own, the
/// <c>tfbnport</c> command it puts there runs <c>info</c> and a short training run.
/// </summary>
[Collection(PackagesCollection.Name)]
public class ToolInstallTests(ITestOutputHelper log)
{
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public void TheToolInstallsFromThePackedFolderAndItsCommandRunsInfoAndBnVsNoBn()
    {
        var feed = PackedPackages.Get();
        log.WriteLine($"packed {feed.Version} into {feed.Folder} (the pack took {PackedPackages.PackTime.TotalSeconds:0} s)");
        using var work = new TempOutput();
        var toolPath = Path.Combine(work.Path, "tools");

        var (installCode, installed) = ChildProcess.RunDotnet(work.Path, InstallLimit,
            "tool", "install", "--tool-path", toolPath, "--add-source", feed.Folder, "TfBnPort.Console", "--version", feed.Version);
        log.WriteLine(installed);
        Assert.True(installCode == 0, installed);
        Assert.Contains("tfbnport", installed);
        var command = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "tfbnport.exe" : "tfbnport");
        Assert.True(File.Exists(command), $"the install put no {command}: {installed}");

        // info: the runtime the tool found (fetched and verified on first use, never packed) answers.
        var (infoCode, info) = Tfbnport(command, work.Path, "info");
        Assert.True(infoCode == 0, info);
        Assert.Matches(@"TensorFlow version\s+│ 1\.15", info);
        Assert.Matches(@"Library\s+│ \S*libtensorflow", info);
        Assert.Empty(Directory.GetFiles(toolPath, "libtensorflow*", SearchOption.AllDirectories));

        // run bn-vs-nobn: both networks train 20 steps on 2000 images; the tool writes its outputs
        // under the working directory's runs/ (the default --out).
        var (runCode, run) = Tfbnport(command, work.Path, "run", "bn-vs-nobn", "--steps", "20", "--limit", "2000");
        Assert.True(runCode == 0, run);
        Assert.Contains("Final accuracies", run);
        var csv = File.ReadAllLines(Path.Combine(work.Path, "runs", "bn-vs-nobn", "metrics.csv"));
        Assert.Equal("sample,series,step,metric,value", csv[0]);
        // One logging point (step 20): a train and a test accuracy per network, each a fraction.
        Assert.Equal(4, csv.Length - 1);
        Assert.All(csv.Skip(1), row => Assert.Matches(@"^bn-vs-nobn,(bn|no_bn),20,(train|test)_accuracy,(0\.\d+|1)$", row));
        Assert.True(File.Exists(Path.Combine(work.Path, "runs", "bn-vs-nobn", "curves.png")), run);
    }

    /// <summary>The installed command, as a user's shell would start it (DOTNET_ROOT: the runtime of the tests' dotnet).</summary>
    private (int ExitCode, string Output) Tfbnport(string command, string workingDirectory, params string[] args)
    {
        var environment = new Dictionary<string, string>(ChildProcess.QuietDotnet)
        {
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(ResolveDotnet()))!,
        };
        var result = ChildProcess.Run(command, args, workingDirectory, RunLimit, environment);
        log.WriteLine($"$ tfbnport {string.Join(' ', args)}\n{result.Output}");
        return result;
    }

    private static string ResolveDotnet()
    {
        var dotnet = ChildProcess.Dotnet;
        if (Path.IsPathRooted(dotnet)) return ResolveLink(dotnet);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, dotnet);
            if (File.Exists(candidate)) return ResolveLink(candidate);
        }
        return dotnet;
    }

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
