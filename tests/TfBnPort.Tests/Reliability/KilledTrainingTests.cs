using System.Diagnostics;
using TfBnPort.FaultWorker;
using TfBnPort.Tensorflow;
using TfBnPort.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// A training run that saves every step (FaultWorker `train`), killed with SIGKILL again and
/// again, half the time while a save is in progress: afterwards the state file's latest
/// checkpoint, and every checkpoint it lists, restores to one consistent step, and the next
/// run resumes from it.
/// </summary>
public class KilledTrainingTests(ITestOutputHelper output)
{
    private const int Kills = 6;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void TheLatestCheckpointRestoresAfterEveryKill()
    {
        using var dir = new ScratchDir("killed-training");
        var random = new Random(8);
        var lastStep = 0L;
        var killedMidSave = 0;
        for (var round = 0; round < Kills; round++)
        {
            using (var worker = StartTraining(dir, maxSteps: 1_000_000))
            {
                var first = worker.WaitForLine(l => l.StartsWith("saved "), StepTimeout);
                Assert.True(first is not null, $"round {round}: no save. stdout:\n{worker.Stdout}\nstderr:\n{worker.Stderr}");
                if (round % 2 == 0) WaitForSaveInProgress(worker, dir);
                else Thread.Sleep(random.Next(0, 60));
                worker.Kill();
                if (TempFilesOf(worker.Id, dir).Any()) killedMidSave++;
            }

            var step = AssertEveryListedCheckpointRestores(dir, round);
            Assert.True(step >= lastStep, $"round {round}: the latest checkpoint went back from step {lastStep} to {step}");
            lastStep = step;
        }

        // A clean run resumes from the last good checkpoint and removes what the killed saves left.
        using (var worker = StartTraining(dir, maxSteps: lastStep + 2))
        {
            Assert.Equal(0, worker.WaitForExit(StepTimeout));
            Assert.Contains($"restored {lastStep}\n", worker.Stdout);
            Assert.Contains($"done {lastStep + 2}\n", worker.Stdout);
        }
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.tmp-*"));
        Assert.Equal(lastStep + 2, AssertEveryListedCheckpointRestores(dir, Kills));
        output.WriteLine($"{Kills} kills, {killedMidSave} of them with a save in progress; last step {lastStep + 2}.");
    }

    private static WorkerProcess StartTraining(ScratchDir dir, long maxSteps) =>
        WorkerProcess.Start(new[] { "train", dir.Path, maxSteps.ToString() });

    /// <summary>Waits (polling) until the worker has temporary checkpoint files, i.e. is inside saver.save.</summary>
    private static void WaitForSaveInProgress(WorkerProcess worker, ScratchDir dir)
    {
        var clock = Stopwatch.StartNew();
        while (!TempFilesOf(worker.Id, dir).Any())
        {
            Assert.True(clock.Elapsed < StepTimeout, $"no save started within {StepTimeout.TotalSeconds} s. stderr:\n{worker.Stderr}");
            Thread.SpinWait(200);
        }
    }

    /// <summary>The Saver names temporary files "NAME.tmp-PID-GUID...".</summary>
    private static IEnumerable<string> TempFilesOf(int pid, ScratchDir dir) =>
        Directory.EnumerateFiles(dir.Path, $"*.tmp-{pid}-*");

    /// <summary>
    /// latest_checkpoint is the state's model_checkpoint_path, and every listed checkpoint restores
    /// with w = -step everywhere and global_step = the step in its name. Returns the latest step.
    /// </summary>
    private static long AssertEveryListedCheckpointRestores(ScratchDir dir, int round)
    {
        var latest = tf.train.latest_checkpoint(dir.Path);
        Assert.True(latest is not null, $"round {round}: no restorable latest checkpoint; files: {string.Join(", ", dir.Entries())}");
        var state = tf.train.get_checkpoint_state(dir.Path)!;
        Assert.Equal(state.model_checkpoint_path, latest);
        Assert.Equal(latest, state.all_model_checkpoint_paths[^1]);

        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = TrainedModel.Build();
        var saver = tf.train.Saver();
        using var sess = new Session(graph);
        var latestStep = 0L;
        foreach (var prefix in state.all_model_checkpoint_paths)
        {
            saver.restore(sess, prefix);
            var step = model.StepValue(sess);
            Assert.Equal($"{KillableTraining.CheckpointName}-{step}", Path.GetFileName(prefix));
            var weights = model.Weights(sess);
            Assert.True(weights.All(w => w == -step), $"round {round}: {prefix} holds weights of another step than {step}");
            latestStep = step;
        }
        return latestStep;
    }
}
