using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Samples.CnnManualBn;
using TfBnPort.Samples.ContribMlp;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>
/// The .meta for a checkpoint a sample wrote: the graph whose Saver matches it. geron-dnn and bn-vs-nobn
/// (plain gradient descent, their runs' own files) get the training graph `run` builds, as its Saver.save
/// writes it; cnn-manual-bn and contrib-mlp checkpoints in models/ were stripped of Adam's slots
/// (`ckpt strip`), so theirs is the inference graph `eval` restores them into (its Saver saves no slots).
/// </summary>
public static class SampleMetaGraphs
{
    public static (Graph Graph, Saver Saver) Build(string sample, int? seed) => SampleCatalog.Find(sample).Name switch
    {
        GeronDnnSample.SampleName => GeronDnnGraph.Build(seed ?? 42) is var g ? (g.Graph, g.saver) : default,
        BnVsNoBnSample.SampleName => BnVsNoBnGraph.Build(seed) is var b ? (b.graph, b.saver) : default,
        CnnManualBnSample.SampleName => CnnEvalGraph.Build() is var c ? (c.Graph, c.saver) : default,
        ContribMlpSample.SampleName => ContribMlpGraph.BuildInference() is var m ? (m.Graph, m.saver) : default,
        var other => throw new SampleException($"Sample '{other}' has no meta graph."),
    };

    /// <summary>Writes PREFIX.meta for the checkpoint PREFIX (<paramref name="seed"/>: the run's --seed, recorded in the random ops' attributes) (which must exist and restore into the graph) and returns its path.</summary>
    public static string Write(string sample, string checkpoint, int? seed = null)
    {
        var prefix = CheckpointArgument.Resolve(checkpoint);
        var (graph, saver) = Build(sample, seed);
        using (graph)
        {
            using (var sess = tf.Session(graph)) saver.restore(sess, prefix); // the names and shapes match, or this says which do not
            var path = prefix + ".meta";
            tf.train.export_meta_graph(path, graph: graph, saver_def: saver.saver_def);
            return path;
        }
    }
}
