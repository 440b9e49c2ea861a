using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

public class CheckpointReaderTests
{
    [Fact]
    public void WrittenFilesHaveTensorflowsNames()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallModel.Build();
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        saver.save(sess, dir["model.ckpt"], global_step: 7);

        // saver.py's save writes PREFIX.meta (the MetaGraphDef) beside the checkpoint too.
        Assert.Equal(new[] { "checkpoint", "model.ckpt-7.data-00000-of-00001", "model.ckpt-7.index", "model.ckpt-7.meta" }, dir.Entries());
    }

    [Fact]
    public void ListVariablesGivesNamesDtypesAndShapesSorted()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallModel.Build();
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var prefix = saver.save(sess, dir["model.ckpt"], global_step: 7);

        var expected = new[]
        {
            ("bn/moving_mean", DType.Float, new long[] { 4 }),
            ("dense/bias", DType.Float, new long[] { 4 }),
            ("dense/kernel", DType.Float, new long[] { 3, 4 }),
            ("global_step", DType.Int64, Array.Empty<long>()),
            ("scale", DType.Double, new long[] { 2, 2 }),
        };
        foreach (var path in new[] { prefix, dir.Path, prefix + ".index", prefix + ".data-00000-of-00001" })
        {
            var listed = tf.train.list_variables(path);
            Assert.Equal(expected.Select(e => e.Item1), listed.Select(v => v.Name));
            Assert.Equal(expected.Select(e => e.Item2), listed.Select(v => v.DType));
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i].Item3, listed[i].Shape);
        }
        Assert.Equal("dense/kernel float32 (3, 4)", tf.train.list_variables(prefix)[2].ToString());
    }

    [Fact]
    public void LoadVariableGivesTheSavedValues()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallModel.Build();
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        model.Train(sess, 1);
        var prefix = saver.save(sess, dir["model.ckpt"]);

        foreach (var v in model.Variables)
        {
            var expected = ValueOf(sess, v);
            var loaded = TensorValue.FromNDArray(tf.train.load_variable(prefix, v.OpName));
            AssertBitIdentical(expected, loaded, v.OpName);
        }
        Assert.Equal(1L, tf.train.load_variable(dir.Path, "global_step:0").GetInt64()); // a directory, and Python's ":0"
        var kernel = tf.train.load_variable(prefix, "dense/kernel");
        Assert.Equal(new long[] { 3, 4 }, kernel.shape);
    }

    [Fact]
    public void LoadVariableOfAMissingNameListsNearbyNames()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        SmallModel.Build();
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var prefix = saver.save(sess, dir["model.ckpt"]);

        var e = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, "dense/kernal"));
        Assert.Equal("dense/kernal", e.VariableName);
        Assert.Contains("has no variable 'dense/kernal'; nearby names it has: 'dense/kernel'", e.Message);
    }
}

[Collection(ProcessStateCollection.Name)]
public class CheckpointPathWarningTests
{
    [Fact]
    public void RestoreFromAnIndexFileUsesItsPrefixAndSaysSo()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var w = tf.Variable(tf.constant(new float[] { 4, 5 }), name: "w");
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var prefix = saver.save(sess, dir["model.ckpt"], global_step: 3);
        sess.run(tf.assign(w, tf.zeros(new[] { 2 })).Op);

        var warnings = CaptureWarnings(() => saver.restore(sess, prefix + ".index"));
        Assert.Equal(new float[] { 4, 5 }, ValueOf(sess, w).ToArray<float>());
        var warning = Assert.Single(warnings);
        Assert.Contains($"'{prefix}.index' is one of a checkpoint's files; using the checkpoint prefix '{prefix}'", warning);
    }

    [Fact]
    public void LatestCheckpointWarnsWhenTheStateNamesDeletedFiles()
    {
        using var dir = new TempCheckpointDir();
        File.WriteAllText(dir["checkpoint"], "model_checkpoint_path: \"gone.ckpt\"\n");
        string? latest = "";
        var warnings = CaptureWarnings(() => latest = tf.train.latest_checkpoint(dir.Path));
        Assert.Null(latest);
        Assert.Contains($"Couldn't match files for checkpoint {dir["gone.ckpt"]}", Assert.Single(warnings));
    }

    [Fact]
    public void UnreadableStateFileIsIgnoredWithAWarning()
    {
        using var dir = new TempCheckpointDir();
        File.WriteAllText(dir["checkpoint"], "model_checkpoint_path: \"unterminated\n");
        CheckpointState? state = null;
        var warnings = CaptureWarnings(() => state = tf.train.get_checkpoint_state(dir.Path));
        Assert.Null(state);
        Assert.Contains("checkpoint state ignored", Assert.Single(warnings));
    }
}
