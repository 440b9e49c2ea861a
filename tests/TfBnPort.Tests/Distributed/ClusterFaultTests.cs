using System.Diagnostics;
using TfBnPort.Samples;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// Tasks of a loopback cluster SIGKILLed mid-training and restarted (docs/distributed.md, "Faults and
/// recovery"). The expected values are step counts: every successful worker step adds exactly 1 to
/// global_step (asynchronous training), a restore sets it to the checkpoint's step (the N of model.ckpt-N),
/// so the final global_step read from the ps is accounted for step by step from the workers' own
/// progress lines (one per step) and RESULT lines. The accuracy floor is the one of ClusterTests
/// (0.6 on 1,000 test digits; measured runs of this test scored about 0.8).
/// </summary>
[Collection(ClusterFaultsCollection.Name)]
public class ClusterFaultTests(ITestOutputHelper output)
{
    [Fact]
    public void AKilledWorkerLeavesTheChiefTrainingAndRejoinsWhenRestarted()
    {
        using var cluster = new FaultCluster(workers: 2, operationTimeoutMs: 30_000, output);
        cluster.StartPs();
        var chief = cluster.StartWorker(0, lastStep: 150);
        var worker1 = cluster.StartWorker(1, lastStep: 150);
        cluster.WaitForLine(worker1, l => FaultCluster.Progress(new[] { l }).Any(p => p.Local >= 5), "worker 1's 5th step");
        cluster.Kill(worker1);
        // Steps worker 1 finished before it died; one more may have reached the ps unlogged (the one in flight).
        var stepsBeforeKill = FaultCluster.Progress(cluster.Lines(worker1)).Max(p => p.Local);
        // Restarted at once with a last step past the chief's: it trains whether it joins while the chief still
        // trains or after the chief has finished (its start-up time decides which), so no timing is assumed.
        var rejoined = cluster.StartWorker(1, lastStep: 200, label: "worker:1 (restarted)");

        Assert.Equal(0, cluster.WaitForExit(chief));
        Assert.Equal(0, cluster.WaitForExit(rejoined));
        var chiefResult = cluster.Result(chief);
        var rejoinedResult = cluster.Result(rejoined);
        var final = cluster.GlobalStepOnPs();

        // The chief never noticed: it trained to its last step and saved its final checkpoint.
        Assert.True(chiefResult.GlobalStep >= 150, $"the chief stopped at global step {chiefResult.GlobalStep}");
        Assert.DoesNotContain(cluster.Lines(chief), l => l.StartsWith("An error was raised", StringComparison.Ordinal));
        var evaluation = SampleCatalog.Find("geron-dnn").Evaluate(chiefResult.Checkpoint!, new SampleOptions { TestLimit = 1000, Log = TextWriter.Null });
        var accuracy = evaluation.Accuracies.Single().Value;
        output.WriteLine($"chief: {chiefResult.LocalSteps} steps to global step {chiefResult.GlobalStep}, accuracy {accuracy:0.000}; " +
            $"worker 1: {stepsBeforeKill} steps before the kill, {rejoinedResult.LocalSteps} after its restart; final global step {final}");
        Assert.True(accuracy >= 0.6, $"test accuracy {accuracy} of the chief's {chiefResult.Checkpoint} is under the 0.6 floor");

        // The restarted worker found the model ready on the ps and trained on to its own last step, past the chief's.
        Assert.True(rejoinedResult.LocalSteps > 0);
        Assert.True(final >= 200 && chiefResult.GlobalStep < 200, $"global_step {final}, chief stopped at {chiefResult.GlobalStep}");
        var killedWorkerSteps = final - chiefResult.LocalSteps - rejoinedResult.LocalSteps;
        Assert.InRange(killedWorkerSteps, stepsBeforeKill, stepsBeforeKill + 1);
        cluster.Dispose();
        cluster.AssertNoProcessLeft();
    }

    [Fact]
    public void AKilledChiefRestartsFromItsLastCheckpoint()
    {
        using var cluster = new FaultCluster(workers: 1, operationTimeoutMs: 30_000, output);
        cluster.StartPs();
        var chief = cluster.StartWorker(0, lastStep: 150);
        cluster.WaitForCheckpoint(chief, atLeast: 50);
        cluster.Kill(chief);
        var reached = FaultCluster.Progress(cluster.Lines(chief)).Max(p => p.Global);
        var (checkpointStep, prefix) = cluster.LatestCheckpoint();
        Assert.True(checkpointStep >= 50 && reached >= checkpointStep, $"checkpoint {checkpointStep}, global step reached {reached}");

        var restarted = cluster.StartWorker(0, lastStep: 150, label: "worker:0 (restarted)");
        Assert.Equal(0, cluster.WaitForExit(restarted));
        var lines = cluster.Lines(restarted);
        Assert.Contains($"Restored the model from {prefix}.", lines);
        // Saved right after the restore (CheckpointSaverHook.after_create_session): global_step was the checkpoint's step.
        Assert.Equal(checkpointStep, FaultCluster.Saves(lines).First());
        Assert.All(FaultCluster.Progress(lines), p => Assert.True(p.Global > checkpointStep, $"global step {p.Global} went back past the checkpoint's {checkpointStep}"));
        // One worker: each of its steps after the restore added 1, up to StopAtStepHook's last step.
        var final = cluster.GlobalStepOnPs();
        output.WriteLine($"killed at global step {reached}, restored model.ckpt-{checkpointStep}, {cluster.Result(restarted).LocalSteps} steps after the restart, final {final}");
        Assert.Equal(150, final);
        Assert.Equal(checkpointStep + cluster.Result(restarted).LocalSteps, final);
        cluster.Dispose();
        cluster.AssertNoProcessLeft();
    }

    [Fact]
    public void AKilledPsFailsTheWorkersClearlyAndARestartedPsResumesFromTheLastCheckpoint()
    {
        const long shortTimeoutMs = 5_000;
        using var cluster = new FaultCluster(workers: 2, operationTimeoutMs: shortTimeoutMs, output);
        var ps = cluster.StartPs();
        var workers = new[] { cluster.StartWorker(0, lastStep: 5_000), cluster.StartWorker(1, lastStep: 5_000) };
        cluster.WaitForCheckpoint(workers[0], atLeast: 50);

        // 1. The ps stays down: each worker's run gets no answer within operation_timeout_in_ms and the worker exits with an error naming the ps.
        cluster.Kill(ps);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1, cluster.WaitForExit(workers[i]));
            var error = Assert.Single(cluster.Lines(workers[i]), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Contains($"/job:worker/task:{i} cannot reach the parameter server: no answer from /job:ps/task:0 at {cluster.PsAddress} " +
                $"within operation_timeout_in_ms={shortTimeoutMs}", error);
        }
        // Bounded by the timeout: the run waits for the ps that long, then closing the session waits at most the 10 s TF 1.15
        // gives DeleteWorkerSession on a lost task (master_session.cc); 30 s more for a loaded machine.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(shortTimeoutMs) + TimeSpan.FromSeconds(10 + 30), $"the workers took {clock.Elapsed} to give up");

        // 2. The ps and the workers start again: the fresh ps holds nothing, the chief restores the latest checkpoint, worker 1 waits for it.
        var (checkpointStep, prefix) = cluster.LatestCheckpoint();
        var lastStep = checkpointStep + 120;
        var ps2 = cluster.StartPs("ps:0 (restarted)");
        workers = new[]
        {
            cluster.StartWorker(0, lastStep, "worker:0 (restarted)", operationTimeoutMs: 60_000),
            cluster.StartWorker(1, lastStep, "worker:1 (restarted)", operationTimeoutMs: 60_000),
        };
        cluster.WaitForLine(workers[0], l => l == $"Restored the model from {prefix}.", "the chief's restore");
        cluster.WaitForLine(workers[0], l => FaultCluster.Progress(new[] { l }).Any(p => p.Global >= checkpointStep + 20), "20 steps after the restore");
        cluster.WaitForLine(workers[1], FaultCluster.IsProgress, "worker 1 training again"); // both are in a run when the ps dies

        // 3. The ps is killed and restarted within operation_timeout_in_ms: the workers' runs are aborted
        // ("Session handle is not found … just restarted"), each MonitoredSession re-creates its session in
        // process: the chief restores the latest checkpoint onto the new ps, worker 1 waits until it has.
        cluster.Kill(ps2);
        cluster.StartPs("ps:0 (restarted again)");
        Assert.Equal(0, cluster.WaitForExit(workers[0]));
        Assert.Equal(0, cluster.WaitForExit(workers[1]));
        var final = cluster.GlobalStepOnPs();

        var chiefLines = cluster.Lines(workers[0]);
        var restores = chiefLines.Where(l => l.StartsWith("Restored the model from ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, restores.Count); // at its start, and once after the ps restarted
        var recoveredStep = long.Parse(restores[1].Split("model.ckpt-")[1].TrimEnd('.'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(recoveredStep >= checkpointStep);
        var stepsAfterRecovery = 0L;
        foreach (var worker in workers)
        {
            var lines = cluster.Lines(worker);
            var lost = lines.FindIndex(l => l.StartsWith("An error was raised. This may be due to a preemption", StringComparison.Ordinal));
            Assert.True(lost >= 0, $"{worker.Label} did not recover in process:\n{cluster.Tail()}");
            var before = FaultCluster.Progress(lines.Take(lost)).ToList();
            var after = FaultCluster.Progress(lines.Skip(lost)).ToList();
            // Phase 2 resumed from the first checkpoint, phase 3 from the one restored after the ps restart: never below.
            Assert.All(before, p => Assert.True(p.Global > checkpointStep, $"{worker.Label}: global step {p.Global} before the checkpoint's {checkpointStep}"));
            Assert.All(after, p => Assert.True(p.Global > recoveredStep, $"{worker.Label}: global step {p.Global} before the restored {recoveredStep}"));
            stepsAfterRecovery += cluster.Result(worker).LocalSteps - (before.Count == 0 ? 0 : before.Max(p => p.Local));
        }
        output.WriteLine($"first checkpoint {checkpointStep}, restored after the ps restart {recoveredStep}, {stepsAfterRecovery} worker steps since, final {final}");
        // On the new ps, global_step started at the restored checkpoint's step and every worker step since added 1.
        Assert.Equal(recoveredStep + stepsAfterRecovery, final);
        Assert.True(final >= lastStep);
        cluster.Dispose();
        cluster.AssertNoProcessLeft();
    }

    [Fact]
    public void AWorkerWhosePsNeverStartedExitsWithAClearError()
    {
        using var cluster = new FaultCluster(workers: 1, operationTimeoutMs: 3_000, output);
        var chief = cluster.StartWorker(0, lastStep: 10); // no ps: nothing listens on its free port
        Assert.Equal(1, cluster.WaitForExit(chief));
        var error = Assert.Single(cluster.Lines(chief), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"/job:worker/task:0 cannot reach the parameter server: no answer from /job:ps/task:0 at {cluster.PsAddress} within operation_timeout_in_ms=3000", error);
        Assert.Contains("Start the ps on that address", error);
        Assert.DoesNotContain(cluster.Lines(chief), FaultCluster.IsProgress);
    }
}
