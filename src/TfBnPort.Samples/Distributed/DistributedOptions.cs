using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>One task of a between-graph replicated run (the console's `server` command).</summary>
public sealed record DistributedOptions
{
    public required ClusterSpec Cluster { get; init; }

    /// <summary>"ps" or "worker".</summary>
    public required string Job { get; init; }

    public required int Task { get; init; }

    /// <summary>The sample a worker trains (geron-dnn, contrib-mlp); not used by a ps.</summary>
    public string? Sample { get; init; }

    /// <summary>SyncReplicasOptimizer with replicas_to_aggregate = total_num_replicas = the number of workers.</summary>
    public bool Sync { get; init; }

    /// <summary>Train until the shared global_step reaches this (StopAtStepHook(last_step)).</summary>
    public long LastStep { get; init; } = 200;

    public int? BatchSize { get; init; }
    public int? Limit { get; init; }
    public int? TestLimit { get; init; }
    public int? Seed { get; init; }

    /// <summary>Where the chief writes model.ckpt-STEP (and restores from after a restart).</summary>
    public required string CheckpointDir { get; init; }

    public long SaveCheckpointSteps { get; init; } = 50;

    /// <summary>ConfigProto.operation_timeout_in_ms of the workers' sessions: an unreachable task is an error after this long.</summary>
    public long OperationTimeoutMs { get; init; } = 60_000;

    /// <summary>How long a non-chief waits for the chief to initialize the model, and a session for lost tasks to return.</summary>
    public double MaxWaitSecs { get; init; } = 300;

    /// <summary>Print a progress line every N local steps.</summary>
    public int LogEverySteps { get; init; } = 50;

    /// <summary>Where a worker writes the RunMetadata (binary protobuf) of its FULL_TRACE step (local step
    /// <see cref="WorkerMeter.TracedLocalStep"/>): the devices every op of the step ran on, and its _Recv transfers.</summary>
    public string? TraceFile { get; init; }

    public TextWriter Log { get; init; } = Console.Out;
    public CancellationToken Cancellation { get; init; }

    public bool IsChief => Job == "worker" && Task == 0;
    public string TaskName => $"/job:{Job}/task:{Task}";
}

/// <summary>
/// What a worker did: its own steps and examples, and the global step when it stopped. Seconds count
/// from the start (session creation and waiting for the chief included); SteadyExamples/SteadySeconds
/// only the steps after the first two (graph registration, the traced step), for throughput.
/// </summary>
public sealed record WorkerResult(int Task, long LocalSteps, long Examples, double Seconds, long GlobalStep, string? Checkpoint,
    long SteadyExamples = 0, double SteadySeconds = 0)
{
    public double ExamplesPerSecond => Seconds > 0 ? Examples / Seconds : 0;

    public double SteadyExamplesPerSecond => SteadySeconds > 0 ? SteadyExamples / SteadySeconds : 0;

    /// <summary>The line a worker prints last; the `cluster` command parses it (see <see cref="TryParse"/>).</summary>
    public string ToLine() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"RESULT task={Task} local_steps={LocalSteps} examples={Examples} seconds={Seconds:F3} global_step={GlobalStep} checkpoint={Checkpoint ?? "-"} steady_examples={SteadyExamples} steady_seconds={SteadySeconds:F3}");

    public static WorkerResult? TryParse(string line)
    {
        if (!line.StartsWith("RESULT ", StringComparison.Ordinal)) return null;
        var fields = line[7..].Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return new WorkerResult(int.Parse(fields["task"], ci), long.Parse(fields["local_steps"], ci), long.Parse(fields["examples"], ci),
            double.Parse(fields["seconds"], ci), long.Parse(fields["global_step"], ci), fields["checkpoint"] == "-" ? null : fields["checkpoint"],
            fields.TryGetValue("steady_examples", out var se) ? long.Parse(se, ci) : 0,
            fields.TryGetValue("steady_seconds", out var ss) ? double.Parse(ss, ci) : 0);
    }
}
