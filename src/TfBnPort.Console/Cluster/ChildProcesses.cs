using System.Diagnostics;

namespace TfBnPort.Console.Cluster;

/// <summary>
/// The tasks of a loopback cluster as child processes of this one: each runs `tfbnport server … --job J
/// --task I` (so a process list shows which task is which), its output is streamed line by line with
/// the task as prefix, and Dispose kills every child still running (its whole process tree), so an
/// error, an exception or Ctrl+C leaves no orphan behind.
/// </summary>
public sealed class ChildProcesses : IDisposable
{
    private readonly List<(string Task, Process Process)> _children = new();
    private readonly Action<string> _log;
    private readonly object _logLock = new();

    public ChildProcesses(Action<string> log) => _log = log;

    /// <summary>Every line a child printed, by task (the `cluster` command parses the workers' RESULT lines).</summary>
    public Dictionary<string, List<string>> Lines { get; } = new();

    public IReadOnlyList<int> Pids => _children.Select(c => c.Process.Id).ToList();

    public Process Start(string task, IEnumerable<string> arguments)
    {
        var (file, prefixArgs) = TfbnportCommand();
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefixArgs.Concat(arguments)) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        lock (_logLock) Lines[task] = new List<string>();
        process.OutputDataReceived += (_, e) => Line(task, e.Data);
        process.ErrorDataReceived += (_, e) => Line(task, e.Data);
        process.Start();
        _children.Add((task, process));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Line(string task, string? line)
    {
        if (line is null) return;
        lock (_logLock)
        {
            Lines[task].Add(line);
            _log($"[{task}] {line}");
        }
    }

    /// <summary>This program again: the apphost next to the console assembly, or `dotnet tfbnport.dll`.</summary>
    private static (string File, string[] Args) TfbnportCommand()
    {
        var dll = typeof(ChildProcesses).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(dll)!, OperatingSystem.IsWindows() ? "tfbnport.exe" : "tfbnport");
        return File.Exists(apphost) ? (apphost, Array.Empty<string>()) : ("dotnet", new[] { dll });
    }

    /// <summary>Kills one child (SIGKILL, its tree) and waits for it to be gone.</summary>
    public void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    public void Dispose()
    {
        foreach (var (_, process) in _children)
        {
            Kill(process);
            process.Dispose();
        }
    }
}
