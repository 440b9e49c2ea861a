using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>Where a save goes, as TF 1.15 decides it.</summary>
[Collection(ProcessStateCollection.Name)]
public class SaverPathTests
{
    /// <summary>Seed 001 saves 'temp1/model.ckpt' and restores get_checkpoint_state('temp1').model_checkpoint_path.</summary>
    [Fact]
    public void RelativeSavePathAsInSeed001()
    {
        using var dir = new TempCheckpointDir();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir.Path;
        try
        {
            using var graph = new Graph();
            using var _ = graph.as_default();
            var w = tf.Variable(tf.constant(new float[] { 1, 2 }), name: "w");
            var saver = tf.train.Saver();
            using var sess = tf.Session(graph);
            sess.run(tf.global_variables_initializer());

            Assert.Equal("temp1/model.ckpt", saver.save(sess, "temp1/model.ckpt")); // TensorFlow creates temp1
            Assert.Equal("model_checkpoint_path: \"model.ckpt\"\nall_model_checkpoint_paths: \"model.ckpt\"\n",
                File.ReadAllText(dir["temp1/checkpoint"]));
            var state = tf.train.get_checkpoint_state("temp1")!;
            Assert.Equal("temp1/model.ckpt", state.model_checkpoint_path);
            sess.run(tf.assign(w, tf.zeros(new[] { 2 })).Op);
            saver.restore(sess, state.model_checkpoint_path);
            Assert.Equal(new float[] { 1, 2 }, ValueOf(sess, w).ToArray<float>());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}

public class SaverSaveArgumentTests
{
    [Fact]
    public void MissingParentDirectoryIsNamed()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.Variable(tf.constant(1f), name: "v");
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());

        var e = Assert.Throws<CheckpointException>(() => saver.save(sess, dir["a/b/model.ckpt"]));
        Assert.Contains($"Parent directory of {dir["a/b/model.ckpt"]} doesn't exist, can't save.", e.Message);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void SavePathNamedLikeTheStateFileIsRefused()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.Variable(tf.constant(1f), name: "v");
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());

        Assert.Contains("collides", Assert.Throws<ValueError>(() => saver.save(sess, dir["checkpoint"])).Message);
        Assert.Equal(dir["checkpoint-1"], saver.save(sess, dir["checkpoint"], global_step: 1)); // with a step it does not collide
    }
}
