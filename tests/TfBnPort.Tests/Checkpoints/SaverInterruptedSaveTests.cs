using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>A save that fails part-way leaves the previous checkpoint and the state file as they were.</summary>
public class SaverInterruptedSaveTests
{
    private sealed class Run : IDisposable
    {
        private readonly IDisposable _default;

        public Run()
        {
            _default = Graph.as_default();
            Model = SmallModel.Build();
            Saver = tf.train.Saver();
            Sess = tf.Session(Graph);
            Sess.run(tf.global_variables_initializer());
        }

        public Graph Graph { get; } = new();
        public SmallModel Model { get; }
        public Saver Saver { get; }
        public Session Sess { get; }

        public long Step => ValueOf(Sess, Model.Step).ToArray<long>()[0];

        public void Dispose()
        {
            Sess.Dispose();
            _default.Dispose();
            Graph.Dispose();
        }
    }

    /// <summary>Saves step 1, trains to step 2 and returns the state file's bytes.</summary>
    private static byte[] SaveFirst(Run run, TempCheckpointDir dir)
    {
        run.Model.Train(run.Sess, 1);
        run.Saver.save(run.Sess, dir["model.ckpt"], global_step: 1);
        run.Model.Train(run.Sess, 2);
        return File.ReadAllBytes(dir["checkpoint"]);
    }

    private static void AssertFirstCheckpointIntact(Run run, TempCheckpointDir dir, byte[] state, params string[] extraEntries)
    {
        Assert.Equal(state, File.ReadAllBytes(dir["checkpoint"]));
        Assert.Equal(dir["model.ckpt-1"], tf.train.latest_checkpoint(dir.Path));
        var expected = new[] { "checkpoint", "model.ckpt-1.data-00000-of-00001", "model.ckpt-1.index", "model.ckpt-1.meta" }.Concat(extraEntries);
        Assert.Equal(expected.Order(StringComparer.Ordinal), dir.Entries()); // no temporary files, no half checkpoint
        run.Saver.restore(run.Sess, tf.train.latest_checkpoint(dir.Path)!);
        Assert.Equal(1L, run.Step);
    }

    [Fact]
    public void FailureMovingTheIndexIntoPlaceRollsBack()
    {
        using var dir = new TempCheckpointDir();
        using var run = new Run();
        var state = SaveFirst(run, dir);
        Directory.CreateDirectory(dir["model.ckpt-2.index"]); // the last rename of the save cannot happen

        var e = Assert.Throws<CheckpointException>(() => run.Saver.save(run.Sess, dir["model.ckpt"], global_step: 2));
        Assert.Contains("model.ckpt-2.index", e.Message);
        Assert.Contains("The previous checkpoints and the 'checkpoint' file are unchanged", e.Message);
        AssertFirstCheckpointIntact(run, dir, state, "model.ckpt-2.index");
        Assert.Equal(new[] { dir["model.ckpt-1"] }, run.Saver.last_checkpoints);
    }

    [Fact]
    public void FailureMovingTheDataIntoPlaceRollsBack()
    {
        using var dir = new TempCheckpointDir();
        using var run = new Run();
        var state = SaveFirst(run, dir);
        Directory.CreateDirectory(dir["model.ckpt-2.data-00000-of-00001"]);

        var e = Assert.Throws<CheckpointException>(() => run.Saver.save(run.Sess, dir["model.ckpt"], global_step: 2));
        Assert.Contains("model.ckpt-2.data-00000-of-00001", e.Message);
        AssertFirstCheckpointIntact(run, dir, state, "model.ckpt-2.data-00000-of-00001");
    }

    [Fact]
    public void FailureInTensorflowLeavesNothingBehind()
    {
        using var dir = new TempCheckpointDir();
        using var run = new Run();
        var state = SaveFirst(run, dir);
        using var fresh = tf.Session(run.Graph); // its variables are not initialized: SaveV2 fails

        var e = Assert.Throws<CheckpointException>(() => run.Saver.save(fresh, dir["model.ckpt"], global_step: 2));
        Assert.Contains("Initialize the variables", e.Message);
        Assert.Equal(dir["model.ckpt-2"], e.CheckpointPath);
        AssertFirstCheckpointIntact(run, dir, state);
    }

    [Fact]
    public void FailureWritingTheStateFileRemovesTheNewCheckpoint()
    {
        using var dir = new TempCheckpointDir();
        using var run = new Run();
        Directory.CreateDirectory(dir["checkpoint"]); // the state file cannot be replaced

        var e = Assert.Throws<CheckpointException>(() => run.Saver.save(run.Sess, dir["model.ckpt"], global_step: 1));
        Assert.Contains("writing the state file", e.Message);
        Assert.Contains("The new checkpoint was removed", e.Message);
        Assert.Equal(new[] { "checkpoint" }, dir.Entries());
        Assert.Empty(run.Saver.last_checkpoints);
    }

    [Fact]
    public void FilesOfASaveKilledMidWayAreIgnoredAndLaterRemoved()
    {
        using var dir = new TempCheckpointDir();
        using var run = new Run();
        var state = SaveFirst(run, dir);
        // What a process killed during SaveV2 leaves: files under its temporary prefix (pid 99999999 never exists).
        var dead = dir["model.ckpt-2.tmp-99999999-0123456789abcdef0123456789abcdef"];
        File.WriteAllBytes(dead + ".data-00000-of-00001", new byte[] { 1, 2, 3 });
        File.WriteAllBytes(dead + ".index.tempstate123", new byte[] { 4 });
        // A save in progress in this process must not be touched.
        var live = dir[$"model.ckpt-3.tmp-{Environment.ProcessId}-fedcba9876543210fedcba9876543210.index"];
        File.WriteAllBytes(live, new byte[] { 5 });

        Assert.Equal(dir["model.ckpt-1"], tf.train.latest_checkpoint(dir.Path));
        Assert.NotEmpty(tf.train.list_variables(dir.Path));
        run.Saver.restore(run.Sess, dir["model.ckpt-1"]);
        Assert.Equal(state, File.ReadAllBytes(dir["checkpoint"]));

        run.Model.Train(run.Sess, 3);
        run.Saver.save(run.Sess, dir["model.ckpt"], global_step: 2);
        Assert.False(File.Exists(dead + ".data-00000-of-00001"));
        Assert.False(File.Exists(dead + ".index.tempstate123"));
        Assert.True(File.Exists(live));
    }
}
