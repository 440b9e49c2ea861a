using NumSharp;
using TfBnPort.Samples.CnnManualBn;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.Tests.Interop.MetaGraphTestKit;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// A training graph imported from its .meta trains further: the train_op from its collection (run with the
/// UPDATE_OPS, as the samples run them) lowers the loss on a fixed batch and moves the moving averages;
/// a new optimizer's minimize on the imported loss works too (gradients through the imported tf.cond of
/// tf.layers.batch_normalization need the imported cond contexts).
/// </summary>
public class ImportedTrainingGraphTests
{
    private const int Steps = 15;

    private static string SaveGeron(ScratchDir dir) => SaveGeron(dir, out _);

    private static string SaveGeron(ScratchDir dir, out int condContexts)
    {
        var g = GeronDnnGraph.Build(seed: 42);
        using var graph = g.Graph;
        using var sess = tf.Session(graph);
        sess.run(g.init);
        condContexts = graph.GetCollection(GraphKeys.COND_CONTEXT).Count;
        return g.saver.save(sess, dir["geron.ckpt"]);
    }

    private static NDArray Labels(int rows) => np.array(Enumerable.Range(0, rows).Select(i => i % 10).ToArray());

    [Fact]
    public void GeronDnnTrainOpAndUpdateOpsFromTheCollectionsTrainFurther()
    {
        using var dir = new ScratchDir("meta-geron-train");
        var prefix = SaveGeron(dir);

        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(prefix + ".meta")!;
        var trainOp = Assert.IsType<Operation>(Assert.Single(tf.get_collection(GraphKeys.TRAIN_OP)));
        var updates = tf.get_collection(GraphKeys.UPDATE_OPS);
        Assert.Equal(6, updates.Count); // 3 batch_normalization layers × (moving_mean, moving_variance)
        var loss = graph.get_tensor_by_name("loss/loss:0");
        using var sess = tf.Session(graph);
        saver.restore(sess, prefix);

        var feed = new FeedDict { { graph.get_tensor_by_name("X:0"), Images(64, seed: 1) }, { graph.get_tensor_by_name("y:0"), Labels(64) }, { graph.get_tensor_by_name("training:0"), true } };
        var lossBefore = sess.run(loss, feed).GetSingle();
        var meanBefore = ValueOf(sess, graph, "batch_normalization/moving_mean:0");
        var fetches = updates.Prepend(trainOp).ToList();
        for (var i = 0; i < Steps; i++) sess.run(fetches, feed);
        var lossAfter = sess.run(loss, feed).GetSingle();
        var meanAfter = ValueOf(sess, graph, "batch_normalization/moving_mean:0");

        Assert.True(lossAfter < lossBefore * 0.9, $"loss {lossBefore} → {lossAfter} after {Steps} steps of the imported train_op");
        // The moving mean starts at zeros (restored from the untrained checkpoint) and momentum 0.9 pulls it to the batch mean.
        Assert.All(meanBefore, m => Assert.Equal(0f, m));
        Assert.Contains(meanAfter, m => m != 0f);
    }

    [Fact]
    public void ANewOptimizerMinimizesTheImportedLossThroughTheImportedCond()
    {
        using var dir = new ScratchDir("meta-geron-minimize");
        var prefix = SaveGeron(dir, out var condContexts);

        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(prefix + ".meta")!;
        // Every tf.cond on `training` the batch_normalization layers built, each with its true and false branch.
        Assert.True(condContexts >= 6, $"{condContexts} cond contexts");
        Assert.Equal(condContexts, tf.get_collection(GraphKeys.COND_CONTEXT).Count);
        var loss = graph.get_tensor_by_name("loss/loss:0");
        Assert.Equal(12, tf.trainable_variables().Count); // 3 dense (kernel, bias) + 3 batch_normalization (gamma, beta)
        var minimize = tf.train.GradientDescentOptimizer(0.05, name: "Continued").minimize(loss);
        using var sess = tf.Session(graph);
        saver.restore(sess, prefix);

        var feed = new FeedDict { { graph.get_tensor_by_name("X:0"), Images(64, seed: 2) }, { graph.get_tensor_by_name("y:0"), Labels(64) }, { graph.get_tensor_by_name("training:0"), true } };
        var before = sess.run(loss, feed).GetSingle();
        for (var i = 0; i < Steps; i++) sess.run(minimize, feed);
        var after = sess.run(loss, feed).GetSingle();
        Assert.True(after < before * 0.9, $"loss {before} → {after} under a new GradientDescentOptimizer on the imported graph");
    }

    [Fact]
    public void CnnManualBnTrainsFurtherAndItsHandWrittenMovingAveragesMove()
    {
        using var dir = new ScratchDir("meta-cnn-train");
        string prefix;
        string trainStepName, crossEntropyName, xName, yName, keepName, movingMeanName;
        {
            var g = CnnManualBnGraph.Build(seed: 1);
            using var original = g.graph_cnn;
            using var sess0 = tf.Session(original);
            using (original.as_default()) sess0.run(tf.global_variables_initializer());
            prefix = g.saver.save(sess0, dir["cnn.ckpt"]);
            (trainStepName, crossEntropyName, xName, yName, keepName) = (g.train_step.Name, g.cross_entropy.Name, g.x.Name, g.y_.Name, g.keep_prob.Name);
            // The first conv layer's moving mean: a non-trainable variable assigned under control dependencies.
            movingMeanName = original.GetCollection(GraphKeys.GLOBAL_VARIABLES).OfType<Variable>().First(v => !v.Trainable).Name;
        }

        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(prefix + ".meta")!;
        var trainOp = Assert.IsType<Operation>(Assert.Single(tf.get_collection(GraphKeys.TRAIN_OP)));
        Assert.Equal(trainStepName, trainOp.Name);
        using var sess = tf.Session(graph);
        saver.restore(sess, prefix);

        var feed = new FeedDict { { graph.get_tensor_by_name(xName), Images(16, seed: 4) }, { graph.get_tensor_by_name(yName), OneHot(16) }, { graph.get_tensor_by_name(keepName), 1.0f } };
        var loss = graph.get_tensor_by_name(crossEntropyName);
        var before = sess.run(loss, feed).GetSingle();
        var meanBefore = ValueOf(sess, graph, movingMeanName);
        for (var i = 0; i < Steps; i++) sess.run(trainOp, feed);
        var after = sess.run(loss, feed).GetSingle();
        var meanAfter = ValueOf(sess, graph, movingMeanName);

        Assert.True(after < before * 0.9, $"cross-entropy {before} → {after} after {Steps} imported Adam steps");
        Assert.NotEqual(meanBefore, meanAfter);
    }
}
