using System.Runtime.InteropServices;
using NumSharp;
using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Samples.CnnManualBn;
using TfBnPort.Samples.ContribMlp;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.Tests.Interop.MetaGraphTestKit;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// Each sample's graph → Saver.save (which writes PREFIX.meta) → tf.train.import_meta_graph into a fresh graph
/// → restore with the returned Saver: the outputs are bit for bit those of the original session (same ops,
/// same kernels, same values). geron-dnn is checked in a new process too (FaultWorker meta-predict).
/// </summary>
public class MetaGraphSampleRoundTripTests
{
    private static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Saves, re-imports into a fresh graph and compares every fetched tensor byte for byte.</summary>
    private static void AssertRoundTrip(Graph graph, Session sess, Saver saver, IReadOnlyList<Tensor> fetches, Func<Graph, FeedDict> feeds, string name)
    {
        using var dir = new ScratchDir("meta-" + name);
        var prefix = saver.save(sess, dir["model.ckpt"]);
        Assert.True(File.Exists(prefix + ".meta"), "Saver.save writes PREFIX.meta by default (saver.py write_meta_graph=True)");
        var expected = fetches.Select(t => Floats(sess.run(t, feeds(graph)))).ToList();

        using var fresh = new Graph();
        using var _ = fresh.as_default();
        var imported = tf.train.import_meta_graph(prefix + ".meta");
        Assert.NotNull(imported);
        using var freshSession = tf.Session(fresh);
        imported!.restore(freshSession, prefix);
        for (var i = 0; i < fetches.Count; i++)
        {
            var actual = Floats(freshSession.run(fresh.get_tensor_by_name(fetches[i].Name), feeds(fresh)));
            Assert.Equal(expected[i], actual); // exact float equality, element by element
        }
        Assert.Equal(graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).Count, tf.global_variables().Count);
        Assert.Equal(graph.GetCollection(GraphKeys.TRAINABLE_VARIABLES).Count, tf.trainable_variables().Count);
    }

    [Fact]
    public void GeronDnnPredictionsSurviveTheMetaGraphInAFreshProcess()
    {
        var g = GeronDnnGraph.Build(seed: 42);
        using var graph = g.Graph;
        using var sess = tf.Session(graph);
        sess.run(g.init);
        var images = Images(32, seed: 7);
        var expected = Floats(sess.run(g.logits, new FeedDict { { g.X, images } }));
        using var dir = new ScratchDir("meta-geron-process");
        var prefix = g.saver.save(sess, dir["model.ckpt"]);

        File.WriteAllBytes(dir["images.bin"], MemoryMarshal.AsBytes(images.ToArray<float>().AsSpan()).ToArray());
        using var worker = WorkerProcess.Start(new[] { "meta-predict", prefix + ".meta", prefix, g.X.Name, dir["images.bin"], g.logits.Name, dir["logits.bin"] });
        Assert.True(worker.WaitForExit(WorkerTimeout) == 0, $"meta-predict failed:\n{worker.Stdout}\n{worker.Stderr}");
        var actual = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(dir["logits.bin"])).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void GeronDnnPredictionsSurvive()
    {
        var g = GeronDnnGraph.Build(seed: 42);
        using var graph = g.Graph;
        using var sess = tf.Session(graph);
        sess.run(g.init);
        var images = Images(16, seed: 3);
        AssertRoundTrip(graph, sess, g.saver, new[] { g.logits }, gr => new FeedDict { { gr.get_tensor_by_name(g.X.Name), images } }, "geron");
    }

    [Fact]
    public void CnnManualBnPredictionsSurvive()
    {
        var g = CnnManualBnGraph.Build(seed: 1);
        using var graph = g.graph_cnn;
        using var sess = tf.Session(graph);
        using (graph.as_default()) sess.run(tf.global_variables_initializer());
        var images = Images(8, seed: 5);
        var labels = OneHot(8);
        // The softmax output (what the sample's accuracy takes the argmax of) and the clipped cross-entropy.
        var softmax = graph.Operations.First(o => o.Type == "Softmax").Output(0);
        AssertRoundTrip(graph, sess, g.saver, new[] { softmax, g.cross_entropy }, gr => new FeedDict
        {
            { gr.get_tensor_by_name(g.x.Name), images }, { gr.get_tensor_by_name(g.y_.Name), labels }, { gr.get_tensor_by_name(g.keep_prob.Name), 1.0f },
        }, "cnn");
    }

    [Fact]
    public void ContribMlpPredictionsSurvive()
    {
        const int batch = 16;
        var data = ContribMlpData.Load(TextWriter.Null, limit: 200, testLimit: 50);
        var g = ContribMlpGraph.Build(data, batch, seed: 1, runUpdateOps: true);
        using var graph = g.graph;
        using var sess = tf.Session(graph);
        sess.run(g.init);
        // Every softmax: training-mode (batch statistics) on the fed batch, inference-mode on the embedded valid/test sets.
        var softmaxes = graph.Operations.Where(o => o.Type == "Softmax").Select(o => o.Output(0)).ToList();
        Assert.Equal(3, softmaxes.Count);
        var images = data.train_X[$"0:{batch}"].copy();
        AssertRoundTrip(graph, sess, g.saver, softmaxes.Append(g.test_accuracy).ToList(), gr => new FeedDict
        {
            { gr.get_tensor_by_name(g.tf_train_X.Name), images }, { gr.get_tensor_by_name(g.keep_prob.Name), 1.0f },
        }, "mlp");
    }

    [Fact]
    public void BnVsNoBnPredictionsSurvive()
    {
        var g = BnVsNoBnGraph.Build(seed: 1);
        using var graph = g.graph;
        using var sess = tf.Session(graph);
        using (graph.as_default()) sess.run(tf.global_variables_initializer());
        var images = Images(12, seed: 11);
        // Both networks' logits: the inputs of the ArgMax ops over the predictions (the label ArgMaxes read y).
        var logits = graph.Operations.Where(o => o.Type == "ArgMax" && o.Inputs[0].Op.Type != "Placeholder").Select(o => o.Inputs[0]).ToList();
        Assert.Equal(2, logits.Count);
        AssertRoundTrip(graph, sess, g.saver, logits, gr => new FeedDict { { gr.get_tensor_by_name(g.x.Name), images } }, "bnvsnobn");
    }
}
