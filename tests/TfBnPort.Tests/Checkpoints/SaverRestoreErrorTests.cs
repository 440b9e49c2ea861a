using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>Every way a restore can fail names the problem, and leaves every variable as it was.</summary>
public class SaverRestoreErrorTests
{
    /// <summary>Saves variables a = [1, 2, 3] (float32), w (2×3 float32 of 7s), v (float32 scalar 5) and returns the prefix.</summary>
    private static string SaveReference(TempCheckpointDir dir)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.Variable(tf.constant(new float[] { 1, 2, 3 }), name: "a");
        tf.Variable(tf.fill(new[] { 2, 3 }, 7f), name: "w");
        tf.Variable(tf.constant(5f), name: "v");
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        return saver.save(sess, dir["model.ckpt"], global_step: 1);
    }

    /// <summary>A graph with a = [0, 0, 0] plus the given variables, initialized, ready to restore into.</summary>
    private sealed class Target : IDisposable
    {
        private readonly Graph _graph = new();
        private readonly IDisposable _default;

        public Target(Action build)
        {
            _default = _graph.as_default();
            A = tf.Variable(tf.zeros(new[] { 3 }), name: "a");
            build();
            Saver = tf.train.Saver();
            Sess = tf.Session(_graph);
            Sess.run(tf.global_variables_initializer());
        }

        public Variable A { get; }
        public Saver Saver { get; }
        public Session Sess { get; }

        /// <summary>Nothing was half-restored: 'a' still holds its initial zeros.</summary>
        public void AssertUntouched() => Assert.All(ValueOf(Sess, A).ToArray<float>(), x => Assert.Equal(0f, x));

        public void Dispose()
        {
            Sess.Dispose();
            _default.Dispose();
            _graph.Dispose();
        }
    }

    [Fact]
    public void MissingVariableIsNamedWithNearbyNames()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        using var target = new Target(() =>
        {
            tf.Variable(tf.zeros(new[] { 2, 3 }), name: "w");
            tf.Variable(tf.zeros(new[] { 2 }), name: "wx");
        });

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Equal("wx", e.VariableName);
        Assert.Equal(prefix, e.CheckpointPath);
        Assert.Contains("'wx'", e.Message);
        Assert.Contains("is not in the checkpoint", e.Message);
        Assert.Contains("nearby names it has: 'w'", e.Message);
        target.AssertUntouched();
    }

    [Fact]
    public void ShapeMismatchNamesTheVariableAndBothShapes()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        using var target = new Target(() => tf.Variable(tf.zeros(new[] { 3, 2 }), name: "w"));

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Equal("w", e.VariableName);
        Assert.Contains("'w' has shape (2, 3) in the checkpoint but (3, 2) in the graph", e.Message);
        target.AssertUntouched();
    }

    [Fact]
    public void DtypeMismatchNamesTheVariableAndBothDtypes()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        using var target = new Target(() => tf.Variable(tf.constant(0.0), name: "v"));

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Equal("v", e.VariableName);
        Assert.Contains("'v' is float32 in the checkpoint but float64 in the graph", e.Message);
        target.AssertUntouched();
    }

    [Fact]
    public void AllMismatchesAreReportedTogether()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        using var target = new Target(() =>
        {
            tf.Variable(tf.zeros(new[] { 3, 2 }), name: "w");
            tf.Variable(tf.constant(0.0), name: "v");
            tf.Variable(tf.zeros(new[] { 1 }), name: "extra");
        });

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Contains("3 problem(s)", e.Message);
        Assert.Contains("'extra'", e.Message);
        Assert.Contains("'w' has shape", e.Message);
        Assert.Contains("'v' is float32", e.Message);
    }

    [Fact]
    public void MissingDataFileIsNamed()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        var data = prefix + ".data-00000-of-00001";
        File.Delete(data);
        using var target = new Target(() => { });

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Contains($"data file '{data}' is missing", e.Message);
        Assert.Equal("a", e.VariableName);
        target.AssertUntouched();
    }

    [Fact]
    public void TruncatedDataFileIsNamed()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        var data = prefix + ".data-00000-of-00001";
        var bytes = File.ReadAllBytes(data);
        File.WriteAllBytes(data, bytes[..10]); // 'a' (12 bytes at offset 0) is cut short
        using var target = new Target(() => { });

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Contains($"data file '{data}' is truncated: it has 10 bytes, but 'a' is stored at bytes 0..12", e.Message);
        Assert.Equal("a", e.VariableName);
        target.AssertUntouched();
    }

    [Fact]
    public void TruncationOutsideTheRestoredVariablesDoesNotMatter()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        var data = prefix + ".data-00000-of-00001";
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..^5]); // only 'w', stored last, is cut
        using var target = new Target(() => { });

        target.Saver.restore(target.Sess, prefix);
        Assert.Equal(new float[] { 1, 2, 3 }, ValueOf(target.Sess, target.A).ToArray<float>());
        var e = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, "w"));
        Assert.Contains("is truncated", e.Message);
    }

    [Fact]
    public void DamagedDataBytesAreRefusedBeforeAnyAssignment()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        var data = prefix + ".data-00000-of-00001";
        var bytes = File.ReadAllBytes(data);
        bytes[0] ^= 0xff; // same size, wrong content: only the CRC can tell
        File.WriteAllBytes(data, bytes);
        using var target = new Target(() => { });

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        // Our CRC32C check of the index's crc32c field, before RestoreV2 runs (which would say only the prefix).
        Assert.Contains($"Cannot restore from '{prefix}': its data file '{data}' is damaged: the bytes of 'a' (0..12) fail their checksum", e.Message);
        Assert.Equal("a", e.VariableName);
        target.AssertUntouched();
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("cut")]
    public void CorruptIndexIsNamed(string damage)
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        var index = prefix + ".index";
        var bytes = File.ReadAllBytes(index);
        switch (damage)
        {
            case "flip": bytes[bytes.Length / 3] ^= 0x5a; break;
            case "garbage": bytes = Enumerable.Range(0, 300).Select(i => (byte)(i * 37)).ToArray(); break;
            case "empty": bytes = Array.Empty<byte>(); break;
            case "cut": bytes = bytes[..^10]; break;
        }
        File.WriteAllBytes(index, bytes);
        using var target = new Target(() => { });

        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Contains($"the index file '{index}' is corrupt", e.Message);
        Assert.Equal(prefix, e.CheckpointPath);
        target.AssertUntouched();
        // The readers say the same instead of crashing in TensorFlow.
        Assert.Throws<CheckpointException>(() => tf.train.list_variables(prefix));
        Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, "a"));
    }

    [Fact]
    public void StateFileNamingADeletedCheckpointGivesNoLatestAndANamedError()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        File.Delete(prefix + ".index");
        File.Delete(prefix + ".data-00000-of-00001");

        // As TF 1.15: the state still names it, but latest_checkpoint only returns existing checkpoints.
        Assert.Equal(prefix, tf.train.get_checkpoint_state(dir.Path)!.model_checkpoint_path);
        Assert.Null(tf.train.latest_checkpoint(dir.Path));

        using var target = new Target(() => { });
        var e = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, prefix));
        Assert.Contains($"its index file '{prefix}.index' does not exist", e.Message);
        Assert.Contains("It holds no checkpoint", e.Message);
        var fromDir = Assert.Throws<CheckpointException>(() => tf.train.list_variables(dir.Path));
        Assert.Contains("no usable checkpoint", fromDir.Message);
    }

    [Fact]
    public void NonExistentPathsAreNamed()
    {
        using var dir = new TempCheckpointDir();
        SaveReference(dir);
        using var target = new Target(() => { });

        var wrongName = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, dir["modle.ckpt-1"]));
        Assert.Contains($"'{dir["modle.ckpt-1"]}' is not a valid checkpoint", wrongName.Message);
        Assert.Contains("It holds the checkpoints: model.ckpt-1.", wrongName.Message);

        var missingDir = dir["nowhere/model.ckpt"];
        var noDir = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, missingDir));
        Assert.Contains($"the directory '{dir["nowhere"]}' does not exist", noDir.Message);

        var directory = Assert.Throws<CheckpointException>(() => target.Saver.restore(target.Sess, dir.Path));
        Assert.Contains("it is a directory, not a checkpoint prefix", directory.Message);
        Assert.Contains($"Its latest checkpoint is '{dir["model.ckpt-1"]}'", directory.Message);
        target.AssertUntouched();
    }

    [Fact]
    public void RestoringWithASessionOfAnotherGraphIsRefused()
    {
        using var dir = new TempCheckpointDir();
        var prefix = SaveReference(dir);
        using var target = new Target(() => { });
        using var other = new Graph();
        using var otherSess = tf.Session(other);
        Assert.Throws<ValueError>(() => target.Saver.restore(otherSess, prefix));
    }
}
