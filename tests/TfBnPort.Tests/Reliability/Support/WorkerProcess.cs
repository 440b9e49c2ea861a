using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace TfBnPort.Tests.Reliability.Support;

/// <summary>
/// TfBnPort.FaultWorker run as a child process (`dotnet TfBnPort.FaultWorker.dll ...`; the
/// ProjectReference copies it beside the tests): its stdout lines as they come, its stderr whole.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _lines.CompleteAdding(); return; }
            lock (_stdout) _stdout.AppendLine(e.Data);
            _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string WorkerDll => System.IO.Path.Combine(AppContext.BaseDirectory, "TfBnPort.FaultWorker.dll");

    public int Id => _process.Id;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts the worker with <paramref name="args"/>; <paramref name="environment"/> entries are set (null: removed).</summary>
    public static WorkerProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Assert.True(File.Exists(WorkerDll), $"{WorkerDll} is missing: the test project must reference tests/TfBnPort.FaultWorker.");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }
        return new WorkerProcess(new Process { StartInfo = info });
    }

    /// <summary>The next stdout line matching <paramref name="match"/>, or null if the process ended or time ran out first.</summary>
    public string? WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            if (!_lines.TryTake(out var line, left)) return null; // completed (exited) or timed out
            if (match(line)) return line;
        }
        return null;
    }

    /// <summary>SIGKILL: no handler, finalizer or flush runs, as when the machine or the OOM killer stops a run.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: false); }
        catch (InvalidOperationException) { } // already exited
        _process.WaitForExit();
    }

    /// <summary>Waits for the exit (killing the process after <paramref name="timeout"/>) and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            Assert.Fail($"The worker did not finish within {timeout.TotalSeconds} s (a hang?). stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        _lines.Dispose();
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH under dotnet test), else `dotnet` from PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
