using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TfBnPort.Samples;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Console.Cluster;

/// <summary>What a loopback cluster run did.</summary>
public sealed record ClusterReport(ClusterSpec Cluster, IReadOnlyList<WorkerResult> Workers, long FinalGlobalStep,
    double WallSeconds, string? Checkpoint, EvalResult? Evaluation, IReadOnlyList<int> Pids)
{
    public long Examples => Workers.Sum(w => w.Examples);
    public double TotalExamplesPerSecond => WallSeconds > 0 ? Examples / WallSeconds : 0;
}

/// <summary>The settings of `tfbnport cluster`.</summary>
public sealed record ClusterOptions
{
    public required string Sample { get; init; }
    public int PsTasks { get; init; } = 1;
    public int Workers { get; init; } = 2;
    public bool Sync { get; init; }
    public long LastStep { get; init; } = 200;
    public int? BatchSize { get; init; }
    public int? Limit { get; init; }
    public int? TestLimit { get; init; }
    public int? Seed { get; init; }
    public required string CheckpointDir { get; init; }
    public long OperationTimeoutMs { get; init; } = 60_000;

    /// <summary>Upper bound on the whole run; past it every child is killed and the run fails.</summary>
    public double MaxSeconds { get; init; } = 1800;

    public int LogEverySteps { get; init; } = 50;

    /// <summary>When set, each worker writes the RunMetadata of one FULL_TRACE step to <see cref="LocalCluster.TraceFile"/> in this folder.</summary>
    public string? TraceDir { get; init; }

    /// <summary>
    /// How many workers (0..N-1) trace a step into <see cref="TraceDir"/> (default: all). TF 1.15's RPC
    /// logging on the ps is one switch for its whole process, which every tracing master turns off after
    /// its step: two traced steps at once can lose each other's worker → ps RecvTensor records.
    /// </summary>
    public int TracedWorkers { get; init; } = int.MaxValue;
}

/// <summary>
/// Runs P ps + W worker tasks as child processes on free loopback ports, waits (bounded) for the
/// workers, reads the final global_step from the ps, stops the ps tasks and evaluates the chief's
/// last checkpoint.
/// </summary>
public static class LocalCluster
{
    public static ClusterReport Run(ClusterOptions options, Action<string> log, CancellationToken cancel = default)
    {
        if (options.PsTasks < 1 || options.Workers < 1) throw new SampleException("--ps and --workers must be at least 1.");
        DistributedSamples.Find(options.Sample); // fail before starting anything
        var ports = FreePorts(options.PsTasks + options.Workers);
        var cluster = new ClusterSpec(new Dictionary<string, string[]>
        {
            ["ps"] = ports.Take(options.PsTasks).Select(p => $"localhost:{p}").ToArray(),
            ["worker"] = ports.Skip(options.PsTasks).Select(p => $"localhost:{p}").ToArray(),
        });
        log($"cluster {cluster.ToCommandLine()}; checkpoints in {options.CheckpointDir}");
        var clock = Stopwatch.StartNew();
        using var children = new ChildProcesses(log);
        for (var i = 0; i < options.PsTasks; i++) children.Start($"ps:{i}", TaskArguments(options, cluster, "ps", i));
        var workers = Enumerable.Range(0, options.Workers)
            .Select(i => children.Start($"worker:{i}", TaskArguments(options, cluster, "worker", i))).ToList();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(options.MaxSeconds);
        foreach (var (worker, i) in workers.Select((w, i) => (w, i)))
        {
            while (!worker.WaitForExit(200))
            {
                cancel.ThrowIfCancellationRequested();
                if (DateTime.UtcNow > deadline)
                    throw new SampleException($"The cluster did not finish within {options.MaxSeconds} s; every task was stopped.");
            }
            worker.WaitForExit(); // flushes the redirected output
            if (worker.ExitCode != 0)
                throw new SampleException($"worker:{i} failed (exit code {worker.ExitCode}); every task was stopped. Its last lines: " +
                    string.Join(" | ", children.Lines[$"worker:{i}"].TakeLast(3)));
        }
        var wall = clock.Elapsed.TotalSeconds;
        var results = Enumerable.Range(0, options.Workers)
            .Select(i => children.Lines[$"worker:{i}"].Select(WorkerResult.TryParse).LastOrDefault(r => r is not null)
                ?? throw new SampleException($"worker:{i} ended without its RESULT line."))
            .ToList();
        var globalStep = ReadGlobalStep(cluster, options.OperationTimeoutMs);
        var pids = children.Pids;
        children.Dispose(); // the ps tasks serve until killed
        var checkpoint = results[0].Checkpoint;
        EvalResult? evaluation = null;
        if (checkpoint is not null)
            evaluation = SampleCatalog.Find(options.Sample).Evaluate(checkpoint, new SampleOptions { TestLimit = options.TestLimit, Log = TextWriter.Null });
        return new ClusterReport(cluster, results, globalStep, wall, checkpoint, evaluation, pids);
    }

    /// <summary>The `server` command line of one task.</summary>
    private static List<string> TaskArguments(ClusterOptions o, ClusterSpec cluster, string job, int task)
    {
        var args = new List<string> { "server", "--cluster", cluster.ToCommandLine(), "--job", job, "--task", task.ToString(CultureInfo.InvariantCulture) };
        if (job == "ps") return args;
        args.AddRange(new[] { o.Sample, "--checkpoint-dir", o.CheckpointDir, "--last-step", o.LastStep.ToString(CultureInfo.InvariantCulture),
            "--timeout-ms", o.OperationTimeoutMs.ToString(CultureInfo.InvariantCulture), "--log-every", o.LogEverySteps.ToString(CultureInfo.InvariantCulture) });
        if (o.Sync) args.Add("--sync");
        if (o.TraceDir is not null && task < o.TracedWorkers) args.AddRange(new[] { "--trace-file", TraceFile(o.TraceDir, task) });
        foreach (var (name, value) in new[] { ("--batch-size", o.BatchSize), ("--limit", o.Limit), ("--test-limit", o.TestLimit), ("--seed", o.Seed) })
            if (value is { } v) args.AddRange(new[] { name, v.ToString(CultureInfo.InvariantCulture) });
        return args;
    }

    /// <summary>Where worker <paramref name="task"/> writes its traced step's RunMetadata.</summary>
    public static string TraceFile(string traceDir, int task) => Path.Combine(traceDir, $"worker-{task}.runmeta");

    /// <summary>Reads global_step where the workers keep it (the first variable, so ps task 0) through a session on that ps.</summary>
    public static long ReadGlobalStep(ClusterSpec cluster, long timeoutMs)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable step;
        using (tf.device("/job:ps/task:0")) step = tf.train.get_or_create_global_step();
        var config = new ConfigProto { OperationTimeoutInMs = timeoutMs };
        config.DeviceFilters.Add("/job:ps/task:0");
        using var sess = tf.Session("grpc://" + cluster.task_address("ps", 0), graph, config);
        return sess.run(step.Snapshot).GetInt64();
    }

    /// <summary>Free loopback ports, held together until all are chosen so no two are the same.</summary>
    public static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
