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
            long reported;
            bool midSave;
            using (var worker = StartTraining(dir, maxSteps: 1_000_000))
            {
                var first = worker.WaitForLine(l => l.StartsWith("saved "), StepTimeout);
                Assert.True(first is not null, $"round {round}: no save. stdout:\n{worker.Stdout}\nstderr:\n{worker.Stderr}");
                if (round % 2 == 0) WaitForSaveInProgress(worker, dir);
                else Thread.Sleep(random.Next(0, 60));
                worker.Kill(); // returns once the worker is gone and its stdout is drained
                midSave = TempFilesOf(worker.Id, dir).Any();
                if (midSave) killedMidSave++;
                reported = LastReportedSave(worker.Stdout);
            }

            // Nothing saved is lost: "saved N" is printed after saver.save returned, so checkpoint N is
            // the latest. A save killed in progress (its temp files still there) has not renamed the
            // state file yet (Saver writes data, index, then the state file, each temp-then-rename), so
            // the latest is exactly N. Without temp files the kill may also have landed between the
            // state file's rename for N + 1 and its "saved" line: then N + 1, complete, is the latest.
            var step = AssertEveryListedCheckpointRestores(dir, round);
            if (midSave) Assert.True(step == reported, $"round {round}: killed mid-save after \"saved {reported}\", yet the latest checkpoint is step {step}");
            else Assert.True(step == reported || step == reported + 1,
                $"round {round}: the worker last reported \"saved {reported}\", yet the latest checkpoint is step {step}");
            Assert.True(step >= lastStep, $"round {round}: the latest checkpoint went back from step {lastStep} to {step}");
            lastStep = step;
        }
        // The rounds that wait for temp files must have landed inside a save at least once, or the
        // mid-save case above was never exercised.
        Assert.True(killedMidSave > 0, $"none of the {Kills} kills landed while a save was in progress");

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

    /// <summary>N of the last "saved N" line (every round waits for one before killing).</summary>
    private static long LastReportedSave(string stdout) =>
        stdout.Split('\n').Where(l => l.StartsWith("saved ")).Select(l => long.Parse(l["saved ".Length..].Trim())).Last();

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
    /// Expected values: KillableTraining's SGD (rate 1) on sum(w * x) with x = 1 from w = 0 subtracts
    /// exactly 1 per step, so the values saved at step N are w = -N, exact in float32.
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
