using TfBnPort.FaultWorker;
using TfBnPort.Tensorflow;
using TfBnPort.Tests.Reliability.Support;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// Damage beyond Checkpoints/SaverRestoreErrorTests (which covers a missing or truncated .data,
/// a flipped first data byte, a flipped/emptied/cut/garbage .index, a state file naming a
/// deleted checkpoint, missing parent directories): a flip anywhere in the data file, and an
/// output folder that cannot be created. Each time: a CheckpointException naming the files, and
/// nothing assigned or overwritten.
/// </summary>
public class CheckpointDamageTests
{
    /// <summary>Restores <paramref name="prefix"/> into a zeros copy of <see cref="SmallCheckpointModel"/>.</summary>
    private sealed class Target : IDisposable
    {
        private readonly Graph _graph = new();

        public Target()
        {
            using var _ = _graph.as_default();
            Model = SmallCheckpointModel.Build(withSavedValues: false);
            Saver = tf.train.Saver();
            Sess = new Session(_graph);
            Sess.run(tf.global_variables_initializer());
        }

        public SmallCheckpointModel Model { get; }
        public Saver Saver { get; }
        public Session Sess { get; }

        /// <summary>Every variable still holds zeros: a failed restore assigned nothing.</summary>
        public void AssertUntouched() =>
            Assert.Null(Model.Differs(Sess, key => SmallCheckpointModel.Zeros(SmallCheckpointModel.Saved[key])));

        public void Dispose()
        {
            Sess.Dispose();
            _graph.Dispose();
        }
    }

    [Fact]
    public void AByteFlippedInTheMiddleOfTheDataFailsTheCrcAndAssignsNothing()
    {
        using var dir = new ScratchDir("ckpt-damage");
        var prefix = SmallCheckpointModel.SaveReference(dir.Path);
        var data = prefix + ".data-00000-of-00001";
        var bytes = File.ReadAllBytes(data);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(data, bytes);
        using var target = new Target();

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Equal(prefix, e.CheckpointPath);
        // Refused by the pre-restore CRC32C check (the index's crc32c field), before RestoreV2 runs.
        Assert.Contains($"Cannot restore from '{prefix}': its data file '{data}' is damaged", e.Message);
        Assert.Contains("fail their checksum", e.Message);
        Assert.Contains(data, e.Message);
        Assert.Contains($"'{e.VariableName}'", e.Message);
        Assert.Contains("restore an earlier checkpoint", e.Message);
        target.AssertUntouched();
        // load_variable reads the same bytes and says the same.
        var loaded = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, e.VariableName!));
        Assert.Contains($"its data file '{data}' is damaged", loaded.Message);
    }

    [Fact]
    public void EverySingleByteFlipOfTheDataIsCaught()
    {
        using var dir = new ScratchDir("ckpt-damage");
        var prefix = SmallCheckpointModel.SaveReference(dir.Path);
        var data = prefix + ".data-00000-of-00001";
        var original = File.ReadAllBytes(data);
        using var target = new Target();
        for (var i = 0; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            File.WriteAllBytes(data, bytes);
            var e = Record.Exception(() => target.Saver.restore(target.Sess, prefix));
            Assert.True(e is CheckpointException, $"flipping byte {i} of {original.Length}: {e?.GetType().Name ?? "the restore succeeded"}");
            target.AssertUntouched();
        }
        File.WriteAllBytes(data, original);
        target.Saver.restore(target.Sess, prefix); // the undamaged file still restores
        Assert.Null(target.Model.Differs(target.Sess, key => SmallCheckpointModel.Saved[key]));
    }

    [Fact]
    public void SavingUnderARegularFileNamesThePathAndChangesNothing()
    {
        using var dir = new ScratchDir("ckpt-damage");
        var blocker = dir["runs"];
        File.WriteAllText(blocker, "a file where the output folder should be");
        using var target = new Target();

        var save = dir["runs/model.ckpt"];
        var e = Assert.Throws<CheckpointException>(() => target.Saver.save(target.Sess, save, global_step: 1));
        Assert.Equal(save + "-1", e.CheckpointPath);
        Assert.Contains($"Saving '{save}-1' failed", e.Message);
        Assert.Contains("The previous checkpoints and the 'checkpoint' file are unchanged", e.Message);
        Assert.Contains($"'{blocker}' is a file, not a directory", e.Message);
        Assert.DoesNotContain("doesn't exist", e.Message);
        Assert.Equal("a file where the output folder should be", File.ReadAllText(blocker));
        Assert.Equal(new[] { "runs" }, dir.Entries());
    }
}
