using System.Diagnostics;
using TfBnPort.Console.Cluster;
using TfBnPort.Samples;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// 1 ps + 2 workers as child processes on loopback (`tfbnport server` each, started by LocalCluster,
/// which kills them all when it returns or throws), training geron-dnn on a 2,000-digit slice.
/// Floors: the measured runs scored 0.757 (async, 61 steps of 50) — the floors leave room for the
/// run-to-run differences of asynchronous training. Each worker traces its 2nd step (FULL_TRACE) into
/// the test folder; the async test checks from those StepStats where the ops really ran.
/// </summary>
public class ClusterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tfbnport-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _log = new();

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private ClusterOptions Options(bool sync, long lastStep) => new()
    {
        Sample = "geron-dnn", PsTasks = 1, Workers = 2, Sync = sync, LastStep = lastStep,
        Limit = 2000, TestLimit = 1000, BatchSize = 50, CheckpointDir = Path.Combine(_dir, "ckpt"),
        MaxSeconds = 240, OperationTimeoutMs = 30_000, LogEverySteps = 1000, TraceDir = Path.Combine(_dir, "trace"),
    };

    private ClusterReport Run(ClusterOptions options)
    {
        try
        {
            return LocalCluster.Run(options, line => { lock (_log) _log.Add(line); });
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}\n{string.Join("\n", _log.TakeLast(40))}", e);
        }
    }

    private static void AssertAllGone(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
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

    [Fact]
    public void AsynchronousTwoWorkersShareOneGlobalStep()
    {
        var options = Options(sync: false, lastStep: 60);
        var report = Run(options);
        AssertAllGone(report.Pids);
        Assert.Equal(2, report.Workers.Count);
        Assert.All(report.Workers, w => Assert.True(w.LocalSteps > 0, $"worker {w.Task} made no step"));
        // Every worker step adds exactly 1 to the one global_step on the ps.
        Assert.Equal(report.Workers.Sum(w => w.LocalSteps), report.FinalGlobalStep);
        Assert.True(report.FinalGlobalStep >= 60);
        var accuracy = report.Evaluation!.Accuracies.Single().Value;
        Assert.True(accuracy >= 0.6, $"test accuracy {accuracy} of {report.Checkpoint} is under the 0.6 floor");
        Assert.Contains(_log, l => l.StartsWith("[worker:1] ", StringComparison.Ordinal)); // logs are prefixed with the task
        // Each worker traced its 2nd step (FULL_TRACE): the devices the ops really ran on.
        for (var i = 0; i < 2; i++)
            TracedStepAssertions.AssertPlacement(TracedStep.Load(LocalCluster.TraceFile(options.TraceDir!, i)), i);
    }

    [Fact]
    public void SynchronousGlobalStepAdvancesOncePerPairOfWorkerSteps()
    {
        var report = Run(Options(sync: true, lastStep: 30));
        AssertAllGone(report.Pids);
        var workerSteps = report.Workers.Sum(w => w.LocalSteps);
        // Each global step takes the mean of 2 fresh gradients; the few stale ones (the step after the
        // initial tokens, the in-flight ones at the end) are dropped by the accumulators.
        Assert.InRange(report.FinalGlobalStep, 30, 31);
        Assert.InRange(workerSteps, 2 * report.FinalGlobalStep, 2 * report.FinalGlobalStep + 6);
        var accuracy = report.Evaluation!.Accuracies.Single().Value;
        Assert.True(accuracy >= 0.6, $"test accuracy {accuracy} of {report.Checkpoint} is under the 0.6 floor");
    }

    [Fact]
    public void EveryVariableOfAWorkerGraphIsOnThePs()
    {
        var options = new DistributedOptions
        {
            Cluster = ClusterSpec.Parse("ps=localhost:1;worker=localhost:2,localhost:3"), Job = "worker", Task = 1,
            CheckpointDir = _dir, Sync = true,
        };
        var g = GeronDnnGraph.Build(42, replica: DistributedTask.Setup(options));
        using var graph = g.Graph;
        using var _ = graph.as_default();
        var variables = tf.global_variables();
        Assert.Equal(19, variables.Count); // 3 dense × (kernel, bias) + 3 BN × (gamma, beta, moving mean, moving variance) + global_step
        Assert.All(variables, v => Assert.Equal("/job:ps/task:0", v.Device));
        Assert.All(graph.Operations.Where(o => o.Type == "ConditionalAccumulator"), o => Assert.Equal("/job:ps/task:0", o.Device));
        Assert.Equal("/job:worker/task:1", graph.OperationByName("dnn/hidden1/MatMul")!.Device);
        Assert.Equal("/job:worker/task:1", ((SyncReplicasOptimizer)g.optimizer!).local_step!.Device);
        // The devices are in the GraphDef the workers send to their master, _class colocation included.
        var nodes = graph.as_graph_def().Node;
        Assert.Equal(19, nodes.Count(n => n.Op == "VariableV2" && n.Device == "/job:ps/task:0"));
        var kernelRead = nodes.Single(n => n.Name == "hidden1/kernel/read");
        Assert.Equal("/job:ps/task:0", kernelRead.Device);
        Assert.Equal("loc:@hidden1/kernel", kernelRead.Attr["_class"].List.S.Single().ToStringUtf8());
    }
}
