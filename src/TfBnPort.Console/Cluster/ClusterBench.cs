using System.Globalization;
using TfBnPort.Bench;
using TfBnPort.Samples;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Console.Cluster;

/// <summary>
/// geron-dnn's training step in one process vs on loopback clusters of 1 ps + 1 worker and 1 ps + 2
/// workers (child processes, TensorFlow's gRPC runtime), all in the same bench run: examples/s, the
/// bytes each step moves between tasks (from a FULL_TRACE step's StepStats), and gRPC's cost per step.
/// </summary>
public static class ClusterBench
{
    public const string Group = "distributed (geron-dnn, loopback)";
    private const int BatchSize = 200; // the document's, as the one-process step (SampleSteps) uses

    /// <param name="globalSteps">Each cluster trains until global_step reaches this (bounded: a few hundred at most).</param>
    public static IEnumerable<BenchRow> Measure(MnistData data, int globalSteps, int warmup)
    {
        double baseline;
        using (var step = SampleSteps.Build("geron-dnn", new ConfigProto(), data))
            baseline = BatchSize / Stopwatches.SecondsPerCall(step.RunFacade, Math.Max(globalSteps, 3), repeats: 3, warmup: warmup);
        yield return new BenchRow(Group, "one process (no cluster)", baseline, "examples/s", Note: $"batch {BatchSize}, same graph, same session.run");

        var dir = Directory.CreateTempSubdirectory("tfbnport-cluster-bench-").FullName;
        try
        {
            foreach (var workers in new[] { 1, 2 })
            {
                var traceDir = Path.Combine(dir, $"trace-{workers}");
                var report = LocalCluster.Run(new ClusterOptions
                {
                    Sample = "geron-dnn", PsTasks = 1, Workers = workers, LastStep = globalSteps, BatchSize = BatchSize,
                    Limit = 5000, TestLimit = 200, CheckpointDir = Path.Combine(dir, $"ckpt-{workers}"), TraceDir = traceDir, TracedWorkers = 1,
                    LogEverySteps = int.MaxValue, MaxSeconds = 600, OperationTimeoutMs = 60_000,
                }, _ => { });
                // Steady: each worker's steps after its first (graph registration) and its traced one; the
                // workers run side by side, so the cluster's rate is the sum of theirs.
                var rate = report.Workers.Sum(w => w.SteadyExamplesPerSecond);
                var label = workers == 1 ? "1 ps + 1 worker" : $"1 ps + {workers} workers";
                yield return new BenchRow(Group, label, rate, "examples/s", baseline, "one process",
                    string.Create(CultureInfo.InvariantCulture, $"global_step {report.FinalGlobalStep}; per worker {string.Join(", ", report.Workers.Select(w => $"{w.SteadyExamplesPerSecond:F0}"))} examples/s") +
                    (workers > 1 ? "; 2 cores run the ps and both workers: no speed-up expected here. Across machines the compute would scale " +
                        "(each worker its own cores) until the ps's network link is full: per step every worker pulls and pushes the bytes below." : ""));
                var traced = TracedStep.Load(LocalCluster.TraceFile(traceDir, 0));
                var pulled = traced.Transfers.Where(t => t.From.StartsWith("/job:ps", StringComparison.Ordinal)).Sum(t => t.Bytes);
                yield return new BenchRow(Group, $"{label}: bytes moved per step", traced.TransferredBytes / 1048576.0, "MB",
                    Note: string.Create(CultureInfo.InvariantCulture, $"worker 0's FULL_TRACE step: TF 1.15's RecvTensor records in StepStats (tensor payload, gRPC framing not counted): " +
                        $"{pulled / 1048576.0:F2} MB ps → worker (variables), {(traced.TransferredBytes - pulled) / 1048576.0:F2} MB worker → ps (gradients, BN statistics), {traced.Transfers.Count} tensors"));
                if (workers == 1)
                {
                    var cost = (BatchSize / rate - BatchSize / baseline) * 1000;
                    yield return new BenchRow(Group, "gRPC's cost per step (1 ps + 1 worker − one process)", cost, "ms/step",
                        BatchSize / baseline * 1000, "one process's step",
                        "the step split into a ps and a worker partition, each value and gradient sent through loopback gRPC");
                }
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* a file still held: left in the temp folder */ }
        }
    }
}
