using TfBnPort.Console.Cluster;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// contrib-mlp (Adam, BN updates under control_dependencies) on 1 ps + 2 asynchronous workers as child
/// processes on loopback, on a 2,000-digit slice. Floor: measured runs of `tfbnport cluster contrib-mlp`
/// scored 0.870 (this test's setting: 40 global steps of 64 on 2,000 digits) and 0.892 (61 steps on
/// 3,000); 0.7 leaves room for asynchronous training's variation while staying far above chance (0.1).
/// </summary>
public class ContribMlpClusterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tfbnport-cluster-mlp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ContribMlpTrainsOnOnePsAndTwoWorkers()
    {
        var log = new List<string>();
        ClusterReport report;
        try
        {
            report = LocalCluster.Run(new ClusterOptions
            {
                Sample = "contrib-mlp", PsTasks = 1, Workers = 2, LastStep = 40, Limit = 2000, TestLimit = 1000, BatchSize = 64,
                CheckpointDir = Path.Combine(_dir, "ckpt"), MaxSeconds = 240, OperationTimeoutMs = 30_000, LogEverySteps = 1000,
            }, line => { lock (log) log.Add(line); });
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}\n{string.Join("\n", log.TakeLast(40))}", e);
        }
        Assert.All(report.Workers, w => Assert.True(w.LocalSteps > 0, $"worker {w.Task} made no step"));
        Assert.Equal(report.Workers.Sum(w => w.LocalSteps), report.FinalGlobalStep); // one shared global_step
        var accuracy = report.Evaluation!.Accuracies.Single().Value;
        Assert.True(accuracy >= 0.7, $"test accuracy {accuracy} of {report.Checkpoint} is under the 0.7 floor");
    }
}
