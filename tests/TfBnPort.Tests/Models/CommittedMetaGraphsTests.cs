using NumSharp;
using TfBnPort.Data;
using TfBnPort.Samples;
using TfBnPort.Samples.ContribMlp;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Models;

/// <summary>
/// Each committed checkpoint in models/ has its .meta (written by `ckpt meta`): importing it into an empty
/// graph (tf.train.import_meta_graph), restoring the committed checkpoint with the Saver it returns and
/// running the imported accuracy tensors on the sample's own test data gives exactly the count of correct
/// digits models/README.md records (the same table CommittedModelsTests checks through `eval`).
/// Tensor names are those of the sample graphs (TF1's default names: Placeholder, Placeholder_1, Mean, ...).
/// </summary>
[Collection(TfBnPort.Tests.Samples.SampleRunsCollection.Name)]
public class CommittedMetaGraphsTests
{
    [Theory]
    [MemberData(nameof(CommittedModelsTests.Recorded), MemberType = typeof(CommittedModelsTests))]
    public void ImportedMetaGraphRestoresToTheRecordedTestAccuracy(string sample, string checkpoint, int correct, int examples)
    {
        var prefix = Path.Combine(CommittedModelsTests.ModelsDirectory(), checkpoint);
        Assert.True(File.Exists(prefix + ".meta"), $"{checkpoint}.meta is missing from models/");
        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(prefix + ".meta")!;
        using var sess = tf.Session(graph);
        saver.restore(sess, prefix);

        var (counted, total) = sample switch
        {
            GeronDnnSample.SampleName => GeronDnn(sess, graph),
            "bn-vs-nobn" => BnVsNoBn(sess, graph, Path.GetFileName(prefix).StartsWith("no_bn") ? "Mean:0" : "Mean_1:0"),
            "cnn-manual-bn" => CnnManualBn(sess, graph),
            "contrib-mlp" => ContribMlp(sess, graph),
            _ => throw new ArgumentException(sample),
        };
        Assert.Equal(examples, total);
        Assert.Equal(correct, counted);
    }

    private static (int, int) GeronDnn(Session sess, Graph graph)
    {
        var data = GeronDnnData.Load(limit: 0, testLimit: null);
        var accuracy = sess.run(graph.get_tensor_by_name("eval/Mean:0"), new FeedDict
        {
            { graph.get_tensor_by_name("X:0"), data.X_test }, { graph.get_tensor_by_name("y:0"), data.y_test },
        }).GetSingle();
        return Count(accuracy, Rows.Count(data.X_test));
    }

    private static (int, int) BnVsNoBn(Session sess, Graph graph, string accuracyName)
    {
        var test = InputData.ReadDataSets(oneHot: true).Test; // the whole split in one run, as the notebook's calc_accuracy
        var accuracy = sess.run(graph.get_tensor_by_name(accuracyName), new FeedDict
        {
            { graph.get_tensor_by_name("Placeholder:0"), test.Images }, { graph.get_tensor_by_name("Placeholder_1:0"), test.Labels },
        }).GetSingle();
        return Count(accuracy, test.NumExamples);
    }

    private static (int, int) CnnManualBn(Session sess, Graph graph)
    {
        var test = InputData.ReadDataSets(oneHot: true).Test;
        var correct = graph.get_tensor_by_name("Equal:0");
        var count = 0;
        for (var i = 0; i < test.NumExamples / 50; i++) // eval's 200 batches of 50
        {
            var (images, labels) = test.NextBatch(50);
            count += sess.run(correct, new FeedDict
            {
                { graph.get_tensor_by_name("Placeholder:0"), images }, { graph.get_tensor_by_name("Placeholder_1:0"), labels },
                { graph.get_tensor_by_name("Placeholder_2:0"), 1f },
            }).ToArray<bool>().Count(c => c);
        }
        return (count, test.NumExamples / 50 * 50);
    }

    private static (int, int) ContribMlp(Session sess, Graph graph)
    {
        var data = ContribMlpData.Load(TextWriter.Null, limit: 0, testLimit: null);
        var accuracy = sess.run(graph.get_tensor_by_name("Mean:0"), new FeedDict
        {
            { graph.get_tensor_by_name("Placeholder:0"), data.test_X }, { graph.get_tensor_by_name("Placeholder_1:0"), data.test_y },
            { graph.get_tensor_by_name("Placeholder_2:0"), 1f },
        }).GetSingle();
        return Count(accuracy, Rows.Count(data.test_X));
    }

    /// <summary>A float32 mean of 0/1 over n digits, back to the count (exact for n ≤ 2^24).</summary>
    private static (int, int) Count(float accuracy, int n) => ((int)Math.Round((double)accuracy * n), n);
}
