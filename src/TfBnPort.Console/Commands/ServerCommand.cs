using System.CommandLine;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;
using TfBnPort.Tensorflow;

namespace TfBnPort.Console.Commands;

/// <summary>
/// <c>server --cluster SPEC --job ps|worker --task I [NAME]</c>: one task of a cluster. A ps serves until
/// stopped (Ctrl+C or a kill); a worker trains NAME (worker 0 is the chief: it initializes or restores
/// and writes the checkpoints) and prints a RESULT line.
/// </summary>
public static class ServerCommand
{
    public static Command Create(CliContext context)
    {
        var cluster = new Option<string>("--cluster") { Description = "Every task: \"ps=HOST:PORT,...;worker=HOST:PORT,...\".", Required = true };
        var job = new Option<string>("--job") { Description = "This task's job: ps or worker.", Required = true };
        job.AcceptOnlyFromAmong("ps", "worker");
        var task = new Option<int>("--task") { Description = "This task's index in its job.", Required = true };
        var name = new Argument<string?>("NAME") { Description = "The sample a worker trains (geron-dnn or contrib-mlp).", Arity = ArgumentArity.ZeroOrOne };
        var sync = new Option<bool>("--sync") { Description = "SyncReplicasOptimizer over all workers (default: asynchronous)." };
        var lastStep = new Option<long>("--last-step") { Description = "Train until global_step reaches this.", DefaultValueFactory = _ => 200 };
        var checkpointDir = new Option<string>("--checkpoint-dir") { Description = "The chief's checkpoint folder (restored from on a restart).", DefaultValueFactory = _ => "runs/cluster" };
        var timeout = new Option<long>("--timeout-ms") { Description = "operation_timeout_in_ms: an unreachable task is an error after this long.", DefaultValueFactory = _ => 60_000 };
        var logEvery = new Option<int>("--log-every") { Description = "A progress line every N local steps.", DefaultValueFactory = _ => 50 };
        var traceFile = new Option<string?>("--trace-file") { Description = "A worker writes the RunMetadata (FULL_TRACE, binary protobuf) of its 2nd local step here." };
        var binder = new SampleOptionsBinder();
        var command = new Command("server", "Run one task of a TensorFlow cluster (a ps, or a worker training NAME) on TensorFlow's gRPC runtime.")
        {
            name, cluster, job, task, sync, lastStep, checkpointDir, timeout, logEvery, traceFile, binder.BatchSize, binder.Limit, binder.TestLimit, binder.Seed,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () =>
        {
            var sample = binder.Bind(parse);
            using var ctrlC = new CtrlC(context.Error);
            var options = new DistributedOptions
            {
                Cluster = ClusterSpec.Parse(parse.GetValue(cluster)!),
                Job = parse.GetValue(job)!,
                Task = parse.GetValue(task),
                Sample = parse.GetValue(name),
                Sync = parse.GetValue(sync),
                LastStep = parse.GetValue(lastStep),
                CheckpointDir = Path.GetFullPath(parse.GetValue(checkpointDir)!),
                OperationTimeoutMs = parse.GetValue(timeout),
                LogEverySteps = Math.Max(1, parse.GetValue(logEvery)),
                TraceFile = parse.GetValue(traceFile) is { } trace ? Path.GetFullPath(trace) : null,
                BatchSize = sample.BatchSize, Limit = sample.Limit, TestLimit = sample.TestLimit, Seed = sample.Seed,
                Log = context.Out,
                Cancellation = ctrlC.Token,
            };
            var result = DistributedTask.Run(options);
            if (result is not null) context.Out.WriteLine(result.ToLine());
            context.Out.Flush();
            return 0;
        }));
        return command;
    }
}
