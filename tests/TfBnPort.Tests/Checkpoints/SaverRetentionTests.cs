using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

public class SaverRetentionTests
{
    [Fact]
    public void MaxToKeepTwoOverFiveSavesKeepsTheLastTwoAndAnExactStateFile()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallModel.Build();
        var saver = tf.train.Saver(max_to_keep: 2);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 1; step <= 5; step++)
        {
            model.Train(sess, step);
            saver.save(sess, dir["model.ckpt"], global_step: step);
        }

        Assert.Equal(new[]
        {
            "checkpoint",
            "model.ckpt-4.data-00000-of-00001", "model.ckpt-4.index", "model.ckpt-4.meta",
            "model.ckpt-5.data-00000-of-00001", "model.ckpt-5.index", "model.ckpt-5.meta",
        }, dir.Entries());
        Assert.Equal(
            "model_checkpoint_path: \"model.ckpt-5\"\n" +
            "all_model_checkpoint_paths: \"model.ckpt-4\"\n" +
            "all_model_checkpoint_paths: \"model.ckpt-5\"\n",
            File.ReadAllText(dir["checkpoint"]));
        Assert.Equal(new[] { dir["model.ckpt-4"], dir["model.ckpt-5"] }, saver.last_checkpoints);

        var state = tf.train.get_checkpoint_state(dir.Path)!;
        Assert.Equal(dir["model.ckpt-5"], state.model_checkpoint_path);
        Assert.Equal(new[] { dir["model.ckpt-4"], dir["model.ckpt-5"] }, state.all_model_checkpoint_paths);
        Assert.Equal(dir["model.ckpt-5"], tf.train.latest_checkpoint(dir.Path));

        // Each kept checkpoint holds its own step.
        foreach (var step in new[] { 4L, 5L })
        {
            saver.restore(sess, dir[$"model.ckpt-{step}"]);
            Assert.Equal(step, ValueOf(sess, model.Step).ToArray<long>()[0]);
        }
    }

    [Fact]
    public void MaxToKeepZeroKeepsEveryCheckpointAndListsOnlyTheLatest()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallModel.Build();
        var saver = tf.train.Saver(max_to_keep: 0);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        for (var step = 1; step <= 3; step++) saver.save(sess, dir["model.ckpt"], global_step: step);

        Assert.Equal(10, dir.Entries().Length); // three checkpoints (index, data, meta) and the state file
        Assert.Equal("model_checkpoint_path: \"model.ckpt-3\"\nall_model_checkpoint_paths: \"model.ckpt-3\"\n",
            File.ReadAllText(dir["checkpoint"]));
    }

    [Fact]
    public void SavingTheSamePrefixAgainKeepsOneEntry()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallModel.Build();
        var saver = tf.train.Saver(max_to_keep: 2);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        saver.save(sess, dir["model.ckpt"]);
        model.Train(sess, 1);
        saver.save(sess, dir["model.ckpt"]);

        Assert.Equal(new[] { "checkpoint", "model.ckpt.data-00000-of-00001", "model.ckpt.index", "model.ckpt.meta" }, dir.Entries());
        Assert.Equal("model_checkpoint_path: \"model.ckpt\"\nall_model_checkpoint_paths: \"model.ckpt\"\n", File.ReadAllText(dir["checkpoint"]));
        model.Train(sess, 2);
        saver.restore(sess, dir["model.ckpt"]);
        Assert.Equal(1L, ValueOf(sess, model.Step).ToArray<long>()[0]); // the second save's content
    }

    [Fact]
    public void PythonsAbsolutePathsOnRequest()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallModel.Build();
        var saver = tf.train.Saver(save_relative_paths: false);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        saver.save(sess, dir["model.ckpt"], global_step: 1);
        saver.save(sess, dir["model.ckpt"], global_step: 2);

        Assert.Equal(
            $"model_checkpoint_path: \"{dir["model.ckpt-2"]}\"\n" +
            $"all_model_checkpoint_paths: \"{dir["model.ckpt-1"]}\"\n" +
            $"all_model_checkpoint_paths: \"{dir["model.ckpt-2"]}\"\n",
            File.ReadAllText(dir["checkpoint"]));
        Assert.Equal(dir["model.ckpt-2"], tf.train.latest_checkpoint(dir.Path));
    }

    [Fact]
    public void RecoveredCheckpointsCountTowardsMaxToKeep()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallModel.Build();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var first = tf.train.Saver(max_to_keep: 2);
        first.save(sess, dir["model.ckpt"], global_step: 1);
        first.save(sess, dir["model.ckpt"], global_step: 2);

        var restarted = tf.train.Saver(max_to_keep: 2); // a new process would start with an empty list
        restarted.recover_last_checkpoints(tf.train.get_checkpoint_state(dir.Path)!.all_model_checkpoint_paths);
        restarted.save(sess, dir["model.ckpt"], global_step: 3);

        Assert.Equal(new[] { "checkpoint", "model.ckpt-2.data-00000-of-00001", "model.ckpt-2.index", "model.ckpt-2.meta",
                             "model.ckpt-3.data-00000-of-00001", "model.ckpt-3.index", "model.ckpt-3.meta" }, dir.Entries());
    }
}
