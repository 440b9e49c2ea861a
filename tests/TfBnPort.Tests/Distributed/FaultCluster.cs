using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TfBnPort.Console.Cluster;
using TfBnPort.Samples;
using TfBnPort.Tensorflow;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Distributed;

/// <summary>One life of a task: the process, and the label its lines carry ("worker:1", "worker:1 (restarted)").</summary>
internal sealed record TaskLife(string Label, Process Process);

/// <summary>
/// A loopback cluster (geron-dnn, a 2,000-digit slice, batches of 50) whose tasks a fault test starts,
/// SIGKILLs and restarts one by one, each a `tfbnport server` child process. Progress is read from the
/// tasks' own log lines (a progress line per step, the chief's "Saving checkpoints for N" lines), never
/// from the clock; every wait is bounded; Dispose kills every child still running, by its id.
/// </summary>
internal sealed partial class FaultCluster : IDisposable
{
    /// <summary>Bound on any single wait: generous for a loaded 2-core machine, finite so a hang fails the test.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private readonly ChildProcesses _children;
    private readonly Dictionary<string, List<string>> _lines = new();
    private readonly object _lock = new();
    private readonly List<int> _pids = new();
    private bool _disposed;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ITestOutputHelper? _output;

    /// <param name="output">Receives a timestamped line per task start, kill and exit (where a slow run spends its time).</param>
    public FaultCluster(int workers, long operationTimeoutMs, ITestOutputHelper? output = null)
    {
        _output = output;
        Directory.CreateDirectory(Root);
        OperationTimeoutMs = operationTimeoutMs;
        var ports = LocalCluster.FreePorts(1 + workers);
        Cluster = new ClusterSpec(new Dictionary<string, string[]>
        {
            ["ps"] = new[] { $"localhost:{ports[0]}" },
            ["worker"] = ports.Skip(1).Select(p => $"localhost:{p}").ToArray(),
        });
        _children = new ChildProcesses(OnLine);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "tfbnport-faults-" + Guid.NewGuid().ToString("N"));
    public string CheckpointDir => Path.Combine(Root, "ckpt");
    public ClusterSpec Cluster { get; }
    public long OperationTimeoutMs { get; }
    public string PsAddress => Cluster.task_address("ps", 0);

    public TaskLife StartPs(string label = "ps:0") => Start(label, Arguments("ps", 0, null, null));

    /// <param name="operationTimeoutMs">This life's operation_timeout_in_ms; the cluster's when null.</param>
    public TaskLife StartWorker(int task, long lastStep, string? label = null, long? operationTimeoutMs = null) =>
        Start(label ?? $"worker:{task}", Arguments("worker", task, lastStep, operationTimeoutMs ?? OperationTimeoutMs));

    private TaskLife Start(string label, List<string> arguments)
    {
        lock (_lock) _lines[label] = new List<string>();
        Mark($"start {label}");
        var process = _children.Start(label, arguments);
        lock (_lock) _pids.Add(process.Id);
        return new TaskLife(label, process);
    }

    /// <summary>The `server` command line of a task: a worker logs every step, so its progress is exact.</summary>
    private List<string> Arguments(string job, int task, long? lastStep, long? operationTimeoutMs)
    {
        var args = new List<string> { "server", "--cluster", Cluster.ToCommandLine(), "--job", job, "--task", task.ToString(CultureInfo.InvariantCulture) };
        if (job == "worker")
            args.AddRange(new[]
            {
                "geron-dnn", "--checkpoint-dir", CheckpointDir, "--last-step", lastStep!.Value.ToString(CultureInfo.InvariantCulture),
                "--timeout-ms", operationTimeoutMs!.Value.ToString(CultureInfo.InvariantCulture), "--log-every", "1",
                "--limit", "2000", "--test-limit", "1000", "--batch-size", "50", "--seed", "42",
            });
        return args;
    }

    /// <summary>ChildProcesses hands every line as "[LABEL] LINE".</summary>
    private void OnLine(string prefixed)
    {
        var end = prefixed.IndexOf("] ", StringComparison.Ordinal);
        if (end < 0) return;
        lock (_lock)
        {
            if (_lines.TryGetValue(prefixed[1..end], out var lines)) lines.Add(prefixed[(end + 2)..]);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>A copy of the lines a task life printed so far.</summary>
    public List<string> Lines(TaskLife life)
    {
        lock (_lock) return _lines[life.Label].ToList();
    }

    /// <summary>
    /// Waits (bounded) for the first line of <paramref name="life"/>, from line <paramref name="from"/> on, that
    /// <paramref name="match"/> accepts; fails if the task ends first. Returns the line's index.
    /// </summary>
    public int WaitForLine(TaskLife life, Func<string, bool> match, string what, int from = 0)
    {
        var deadline = DateTime.UtcNow + Patience;
        lock (_lock)
        {
            while (true)
            {
                var lines = _lines[life.Label];
                for (var i = from; i < lines.Count; i++)
                    if (match(lines[i]))
                    {
                        Mark($"{life.Label}: {what}");
                        return i;
                    }
                if (life.Process.HasExited) break;
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                Monitor.Wait(_lock, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            }
        }
        throw new Xunit.Sdk.XunitException($"{life.Label} {(life.Process.HasExited ? "ended" : $"printed nothing like it within {Patience.TotalSeconds} s")} while waiting for {what}.\n{Tail()}");
    }

    /// <summary>Waits (bounded) for a task to end, its output read to the end; returns its exit code.</summary>
    public int WaitForExit(TaskLife life)
    {
        if (!life.Process.WaitForExit(Patience))
            throw new Xunit.Sdk.XunitException($"{life.Label} was still running after {Patience.TotalSeconds} s.\n{Tail()}");
        life.Process.WaitForExit(); // the redirected output is read to its end
        Mark($"{life.Label} exited with code {life.Process.ExitCode}");
        return life.Process.ExitCode;
    }

    /// <summary>SIGKILL (no chance to clean up, as a lost machine), by process id; returns once it is gone.</summary>
    public void Kill(TaskLife life)
    {
        Mark($"kill {life.Label}");
        _children.Kill(life.Process);
    }

    public void Mark(string what) => _output?.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    /// <summary>The RESULT line a worker printed last.</summary>
    public WorkerResult Result(TaskLife life) =>
        Lines(life).Select(WorkerResult.TryParse).LastOrDefault(r => r is not null)
        ?? throw new Xunit.Sdk.XunitException($"{life.Label} printed no RESULT line.\n{Tail()}");

    /// <summary>global_step as the ps holds it now.</summary>
    public long GlobalStepOnPs() => LocalCluster.ReadGlobalStep(Cluster, 30_000);

    /// <summary>The step of the chief's latest checkpoint (the checkpoint state file), and its prefix.</summary>
    public (long Step, string Prefix) LatestCheckpoint()
    {
        var prefix = tf.train.latest_checkpoint(CheckpointDir) ?? throw new Xunit.Sdk.XunitException($"no checkpoint in {CheckpointDir}.\n{Tail()}");
        return (long.Parse(CheckpointStep().Match(prefix).Groups[1].Value, CultureInfo.InvariantCulture), prefix);
    }

    /// <summary>The local and global step of each progress line ("[/job:worker/task:I] local step L, global step G, …").</summary>
    public static IEnumerable<(long Local, long Global)> Progress(IEnumerable<string> lines) =>
        lines.Select(l => ProgressLine().Match(l)).Where(m => m.Success)
            .Select(m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));

    /// <summary>The steps of the chief's "Saving checkpoints for N into PATH." lines (TF's CheckpointSaverHook log).</summary>
    public static IEnumerable<long> Saves(IEnumerable<string> lines) =>
        lines.Select(l => SavingLine().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    public static bool IsProgress(string line) => ProgressLine().IsMatch(line);

    /// <summary>Waits until the chief has saved a checkpoint at step ≥ <paramref name="atLeast"/> and run a step after it (so the save completed).</summary>
    public long WaitForCheckpoint(TaskLife chief, long atLeast)
    {
        var saving = WaitForLine(chief, l => Saves(new[] { l }).Any(s => s >= atLeast), $"a checkpoint at step >= {atLeast}");
        WaitForLine(chief, IsProgress, "a step after that checkpoint", from: saving + 1);
        return Saves(new[] { Lines(chief)[saving] }).Single();
    }

    /// <summary>The last lines of every task, for a failure message.</summary>
    public string Tail()
    {
        lock (_lock)
            return string.Join("\n", _lines.SelectMany(kv => kv.Value.TakeLast(6).Select(l => $"[{kv.Key}] {(l.Length > 400 ? l[..400] + "…" : l)}")));
    }

    /// <summary>Asserts that no child of this cluster is still running.</summary>
    public void AssertNoProcessLeft()
    {
        foreach (var pid in _pids)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                Assert.True(p.HasExited, $"child {pid} is still running");
            }
            catch (ArgumentException)
            {
                // No such process: it is gone.
            }
        }
    }

    /// <summary>Kills every child still running (by id) and removes the checkpoints; a second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _children.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [GeneratedRegex(@"local step (\d+), global step (\d+),")]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"^Saving checkpoints for (\d+) into ")]
    private static partial Regex SavingLine();

    [GeneratedRegex(@"model\.ckpt-(\d+)$")]
    private static partial Regex CheckpointStep();
}

/// <summary>The fault tests run alone: each is a cluster of 2 to 3 processes that needs the 2 cores to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterFaultsCollection
{
    public const string Name = "Cluster faults";
}
