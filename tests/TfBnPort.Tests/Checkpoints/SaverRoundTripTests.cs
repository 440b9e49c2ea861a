using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

public class SaverRoundTripTests
{
    [Fact]
    public void RestoringIntoAFreshGraphGivesBitIdenticalVariablesAndOutputs()
    {
        using var dir = new TempCheckpointDir();
        TensorValue[] savedValues;
        TensorValue savedOutput;
        string prefix;
        using (var graph = new Graph())
        using (graph.as_default())
        {
            var model = SmallModel.Build();
            var saver = tf.train.Saver();
            using var sess = tf.Session(graph);
            sess.run(tf.global_variables_initializer());
            for (var step = 1; step <= 3; step++) model.Train(sess, step);
            prefix = saver.save(sess, dir["model.ckpt"], global_step: 3);
            savedValues = model.Variables.Select(v => ValueOf(sess, v)).ToArray();
            savedOutput = ValueOf(sess, model.Output, model.Feed(99));
            Assert.Equal(3L, savedValues[3].ToArray<long>()[0]); // the int64 step really moved
        }

        using (var graph = new Graph())
        using (graph.as_default())
        {
            var model = SmallModel.Build(seed: 1234); // other initial values: only the restore can make them equal
            var saver = tf.train.Saver();
            using var sess = tf.Session(graph);
            saver.restore(sess, prefix); // no initializer: restoring initializes
            for (var i = 0; i < model.Variables.Length; i++)
                AssertBitIdentical(savedValues[i], ValueOf(sess, model.Variables[i]), model.Variables[i].OpName);
            AssertBitIdentical(savedOutput, ValueOf(sess, model.Output, model.Feed(99)), "output");
        }
    }

    [Fact]
    public void SaveReturnsThePrefixWithTheStepAndRestoreAcceptsIt()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallModel.Build();
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());

        Assert.Equal(dir["model.ckpt-100"], saver.save(sess, dir["model.ckpt"], global_step: 100));
        Assert.Equal(dir["model.ckpt"], saver.save(sess, dir["model.ckpt"]));
        Assert.Equal(dir["model.ckpt-0"], saver.save(sess, dir["model.ckpt"], global_step: model.Step)); // the step variable is still 0
    }

    [Fact]
    public void GlobalStepVariableGivesTheStepInTheName()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallModel.Build();
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        model.Train(sess, 1);
        model.Train(sess, 2);
        Assert.Equal(dir["model.ckpt-2"], saver.save(sess, dir["model.ckpt"], global_step: model.Step));
    }

    /// <summary>Seed 001 as intended: the training graph saves; a test graph built again (new Graph, same names) restores it.</summary>
    [Fact]
    public void TestGraphBuiltAgainReproducesTheTrainingGraphsInference()
    {
        using var dir = new TempCheckpointDir();
        var batch = Batch(6, 4, salt: 3);
        TensorValue expected;
        using (var graph = new Graph())
        using (graph.as_default())
        {
            var x = tf.placeholder(tf.float32, new TensorShape(-1, 4), name: "x");
            var net = HandBnNet.CreateVariables();
            var trainOutput = net.Forward(x, isTraining: true);
            var inference = net.Forward(x, isTraining: false); // same variables, moving statistics
            var perturb = net.Variables.Where(v => v.Trainable)
                .Select(v => (object)tf.assign_add(v, tf.random_normal(v.Shape.AsIntArray(), stddev: 0.05))).ToList();
            var train = tf.group(perturb);
            var saver = tf.train.Saver();
            using var sess = tf.Session(graph);
            sess.run(tf.global_variables_initializer());
            for (var step = 0; step < 4; step++)
            {
                sess.run(trainOutput.Op, new FeedDict { { x, Batch(8, 4, salt: step) } }); // updates pop_mean / pop_var
                sess.run(train);
            }
            saver.save(sess, dir["model.ckpt"]);
            expected = ValueOf(sess, inference, new FeedDict { { x, batch } });
            Assert.NotEqual(0f, ValueOf(sess, net["hidden1/pop_mean"]).ToArray<float>()[0]);
        }

        using (var graph = new Graph())
        using (graph.as_default())
        {
            var x = tf.placeholder(tf.float32, new TensorShape(-1, 4), name: "x");
            var net = HandBnNet.CreateVariables(seed: 99);
            var output = net.Forward(x, isTraining: false);
            var saver = tf.train.Saver();
            using var sess = tf.Session(graph);
            sess.run(tf.global_variables_initializer());
            var state = tf.train.get_checkpoint_state(dir.Path);
            Assert.NotNull(state);
            saver.restore(sess, state!.model_checkpoint_path);
            AssertBitIdentical(expected, ValueOf(sess, output, new FeedDict { { x, batch } }), "test-graph output");
        }
    }

    /// <summary>
    /// Seed 001 as written: the Saver is built before the test tower creates fresh variables
    /// (hidden1_1/...), so it neither saves nor restores them.
    /// </summary>
    [Fact]
    public void VariablesCreatedAfterTheSaverAreNotPartOfIt()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var first = HandBnNet.CreateVariables();
        var saver = tf.train.Saver();
        var second = HandBnNet.CreateVariables();
        Assert.Equal("hidden1_1/W", second.Variables[0].OpName);
        Assert.Equal(first.Variables.Select(v => v.OpName).Order(StringComparer.Ordinal), saver.Keys);

        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var initialSecond = ValueOf(sess, second.Variables[0]);
        sess.run(tf.assign(first.Variables[0], tf.ones(new[] { 4, 3 })).Op);
        var prefix = saver.save(sess, dir["model.ckpt"]);
        sess.run(tf.assign(first.Variables[0], tf.zeros(new[] { 4, 3 })).Op);
        sess.run(tf.assign(second.Variables[0], tf.zeros(new[] { 4, 3 })).Op);

        saver.restore(sess, prefix);
        Assert.All(ValueOf(sess, first.Variables[0]).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(ValueOf(sess, second.Variables[0]).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Contains(initialSecond.ToArray<float>(), v => v != 0f);
    }

    [Fact]
    public void NameMapSavesUnderItsKeys()
    {
        using var dir = new TempCheckpointDir();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var w = tf.Variable(tf.constant(new float[] { 1, 2, 3 }), name: "w");
        var saver = tf.train.Saver(name_map: new Dictionary<string, Variable> { ["renamed/weights"] = w });
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        var prefix = saver.save(sess, dir["model.ckpt"]);
        Assert.Equal(new[] { "renamed/weights" }, tf.train.list_variables(prefix).Select(v => v.Name));
        sess.run(tf.assign(w, tf.zeros(new[] { 3 })).Op);
        saver.restore(sess, prefix);
        Assert.Equal(new float[] { 1, 2, 3 }, ValueOf(sess, w).ToArray<float>());
    }
}
