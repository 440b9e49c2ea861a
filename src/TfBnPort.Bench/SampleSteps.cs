using NumSharp;
using TfBnPort.Data;
using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Samples.CnnManualBn;
using TfBnPort.Samples.ContribMlp;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Bench;

/// <summary>The four samples' training steps, built with the samples' own graph builders and the documents' batch sizes.</summary>
public static class SampleSteps
{
    public static IEnumerable<string> Names => new[] { "contrib-mlp", "cnn-manual-bn", "geron-dnn", "bn-vs-nobn" };

    public static TrainingStep Build(string name, ConfigProto config, MnistData data) => name switch
    {
        "contrib-mlp" => ContribMlp(config, data),
        "cnn-manual-bn" => CnnManualBn(config, data),
        "geron-dnn" => GeronDnn(config, data),
        "bn-vs-nobn" => BnVsNoBn(config, data),
        _ => throw new ArgumentException($"unknown sample '{name}'"),
    };

    private static TrainingStep ContribMlp(ConfigProto config, MnistData data)
    {
        const int batch = 64;
        var d = ContribMlpData.Load(TextWriter.Null, limit: 5000, testLimit: 1000);
        var g = ContribMlpGraph.Build(d, batch, seed: 1, runUpdateOps: true);
        var sess = Init(g.graph, g.init, config);
        return new TrainingStep("contrib-mlp", sess, new[] { g.tf_train_X, g.tf_train_y, g.keep_prob },
            new[] { Head(d.train_X, batch), Head(d.train_y, batch), np.array(0.6f) },
            new[] { g.optimizer }, new[] { g.train_loss, g.train_accuracy }, batch, g.graph);
    }

    private static TrainingStep CnnManualBn(ConfigProto config, MnistData data)
    {
        const int batch = 64;
        var g = CnnManualBnGraph.Build(seed: 1);
        using var _ = g.graph_cnn.as_default();
        var sess = Init(g.graph_cnn, tf.global_variables_initializer(), config);
        var (images, labels) = data.ReadDataSets.Train.NextBatch(batch);
        return new TrainingStep("cnn-manual-bn", sess, new[] { g.x, g.y_, g.keep_prob },
            new[] { images, labels, np.array(0.5f) }, new[] { g.train_step }, new[] { g.cross_entropy }, batch, g.graph_cnn);
    }

    private static TrainingStep GeronDnn(ConfigProto config, MnistData data)
    {
        const int batch = 200;
        var g = GeronDnnGraph.Build(seed: 42);
        var sess = Init(g.Graph, g.init, config);
        var updates = g.Graph.GetCollection(GraphKeys.UPDATE_OPS).OfType<Operation>();
        var (images, labels) = data.ReadDataSets.Train.NextBatch(batch);
        var y = np.argmax(labels, 1).astype(NPTypeCode.Int32);
        return new TrainingStep("geron-dnn", sess, new[] { g.training, g.X, g.y }, new[] { np.array(true), images, y },
            updates.Prepend(g.training_op!).ToArray(), Array.Empty<Tensor>(), batch, g.Graph);
    }

    private static TrainingStep BnVsNoBn(ConfigProto config, MnistData data)
    {
        const int batch = 100;
        var g = BnVsNoBnGraph.Build(seed: 1);
        using var _ = g.graph.as_default();
        var sess = Init(g.graph, tf.global_variables_initializer(), config);
        var (images, labels) = data.ReadDataSets.Train.NextBatch(batch);
        return new TrainingStep("bn-vs-nobn", sess, new[] { g.x, g.y }, new[] { images, labels },
            new[] { g.train_op_bn! }, Array.Empty<Tensor>(), batch, g.graph);
    }

    private static Session Init(Graph graph, Operation init, ConfigProto config)
    {
        var sess = new Session(graph, config);
        sess.run(init);
        return sess;
    }

    private static NDArray Head(NDArray a, int n) => a[$"0:{n}"].copy();
}

/// <summary>MNIST loaded once for every bench figure.</summary>
public sealed class MnistData
{
    public Datasets ReadDataSets { get; } = InputData.ReadDataSets(oneHot: true, seed: 1);
}
