using System.Diagnostics;
using System.Text;

namespace TfBnPort.Tests.Packaging;

/// <summary>
/// A command run to completion with a bounded wait: what it wrote (stdout and stderr interleaved) and
/// its exit code. One that runs past its limit is killed by id, with its children, and fails the test.
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// No MSBuild worker nodes, build server or compiler server outlive a <c>dotnet</c> command the
    /// tests start: every process a test starts ends with it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> QuietDotnet = new Dictionary<string, string>
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH under dotnet test), else `dotnet` from PATH.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet ARGS</c> in <paramref name="workingDirectory"/> with <see cref="QuietDotnet"/>.</summary>
    public static (int ExitCode, string Output) RunDotnet(string workingDirectory, TimeSpan timeout, params string[] args) =>
        Run(Dotnet, args, workingDirectory, timeout, QuietDotnet);

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var command = $"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)}";
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // it ended meanwhile
            process.WaitForExit();
            lock (output) Assert.Fail($"`{command}` (pid {process.Id}) ran past its {timeout.TotalSeconds:0} s limit and was killed. Its output:\n{output}");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output) return (process.ExitCode, output.ToString());
    }
}
