using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Checkpoints;

public class CheckpointStateTests
{
    [Fact]
    public void ReadsAStateFileAsPythonWritesIt()
    {
        using var dir = new TempCheckpointDir();
        // Python 1.15 with timestamps (CheckpointManager) and an absolute path among relative ones.
        File.WriteAllText(dir["checkpoint"],
            "model_checkpoint_path: \"model.ckpt-20\"\n" +
            "all_model_checkpoint_paths: \"/abs/elsewhere/model.ckpt-10\"\n" +
            "all_model_checkpoint_paths: \"model.ckpt-20\"\n" +
            "all_model_checkpoint_timestamps: 1548675123.4567\n" +
            "all_model_checkpoint_timestamps: 1548675223.1\n" +
            "last_preserved_timestamp: 1548675000.0\n");

        var state = tf.train.get_checkpoint_state(dir.Path)!;
        Assert.Equal(dir["model.ckpt-20"], state.model_checkpoint_path);
        Assert.Equal(new[] { "/abs/elsewhere/model.ckpt-10", dir["model.ckpt-20"] }, state.all_model_checkpoint_paths);
    }

    [Fact]
    public void EscapedStringsAreUnescapedAsTextFormatDoes()
    {
        using var dir = new TempCheckpointDir();
        // CEscape(as_utf8=False) writes the UTF-8 bytes of "é" as octal; quotes and backslashes escaped.
        File.WriteAllText(dir["checkpoint"], "# comment\nmodel_checkpoint_path : 'caf\\303\\251 \\\"q\\\" \\\\ \\x41'  \n");
        Assert.Equal(dir["café \"q\" \\ A"], tf.train.get_checkpoint_state(dir.Path)!.model_checkpoint_path);
    }

    [Fact]
    public void SavedPathsWithUnusualCharactersRoundTrip()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.Variable(tf.constant(1f), name: "v");
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var prefix = saver.save(sess, dir["modèle \"1\".ckpt"], global_step: 2);

        Assert.Equal("model_checkpoint_path: \"mod\\303\\250le \\\"1\\\".ckpt-2\"\nall_model_checkpoint_paths: \"mod\\303\\250le \\\"1\\\".ckpt-2\"\n",
            File.ReadAllText(dir["checkpoint"]));
        Assert.Equal(prefix, tf.train.latest_checkpoint(dir.Path));
    }

    [Fact]
    public void StateWithoutModelPathIsAnError()
    {
        using var dir = new TempCheckpointDir();
        File.WriteAllText(dir["checkpoint"], "all_model_checkpoint_paths: \"a\"\n");
        var e = Assert.Throws<CheckpointException>(() => tf.train.get_checkpoint_state(dir.Path));
        Assert.Contains("Invalid checkpoint state loaded from", e.Message);
    }

    [Fact]
    public void NoStateFileMeansNoState()
    {
        using var dir = new TempCheckpointDir();
        Assert.Null(tf.train.get_checkpoint_state(dir.Path));
        Assert.Null(tf.train.latest_checkpoint(dir.Path));
        Assert.Null(tf.train.latest_checkpoint(dir["missing-dir"]));
    }
}
