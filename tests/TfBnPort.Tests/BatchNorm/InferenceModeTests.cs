using TfBnPort.Reference;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// training=False, static or through the placeholder: the output normalizes with the moving
/// statistics, and nothing updates them — a static False builds no update op at all; with a
/// placeholder fed False, running every op of UPDATE_OPS leaves the variables bit for bit as they were.
/// </summary>
public class InferenceModeTests
{
    private static readonly int[] Dense = { 6, 4 };
    private static readonly int[] Conv = { 2, 3, 3, 4 };

    public static TheoryData<string> Flavours() => new()
    {
        "layers fused", "layers non-fused", "layers fused=False", "contrib rank 2", "contrib rank 4", "contrib updates_collections=None",
    };

    private static (int[] Shape, bool Fused, Func<Tensor, object, Tensor> Build) Describe(string name) => name switch
    {
        "layers fused" => (Conv, true, (x, t) => tf.layers.batch_normalization(x, momentum: 0.9, training: t)),
        "layers non-fused" => (Dense, false, (x, t) => tf.layers.batch_normalization(x, momentum: 0.9, training: t)),
        "layers fused=False" => (Conv, false, (x, t) => tf.layers.batch_normalization(x, momentum: 0.9, training: t, fused: false)),
        "contrib rank 2" => (Dense, true, (x, t) => tf.contrib.layers.batch_norm(x, decay: 0.9, is_training: t)),
        "contrib rank 4" => (Conv, true, (x, t) => tf.contrib.layers.batch_norm(x, decay: 0.9, is_training: t)),
        "contrib updates_collections=None" => (Dense, true, (x, t) => tf.contrib.layers.batch_norm(x, decay: 0.9, is_training: t, updates_collections: null)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Flavours))]
    public void StaticFalseNormalizesWithTheMovingStatisticsAndBuildsNoUpdate(string flavour)
    {
        var (shape, fused, build) = Describe(flavour);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(shape), name: "x");
        var y = build(x, false);
        Assert.Empty(graph.GetCollection(GraphKeys.UPDATE_OPS));
        Assert.DoesNotContain(graph.Operations, op => op.Type is "AssignSub" or "Assign" && !op.Name.EndsWith("/Assign"));
        CheckInference(graph, x, y, null, shape, fused, runUpdates: false);
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public void PlaceholderFedFalseNormalizesWithTheMovingStatisticsAndItsUpdatesMoveNothing(string flavour)
    {
        var (shape, fused, build) = Describe(flavour);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(shape), name: "x");
        var training = tf.placeholder(tf.@bool, TensorShape.Scalar, name: "training");
        var y = build(x, training);
        if (!flavour.EndsWith("None")) Assert.Equal(2, graph.GetCollection(GraphKeys.UPDATE_OPS).Count);
        CheckInference(graph, x, y, training, shape, fused, runUpdates: true);
    }

    [Fact]
    public void PlaceholderWithDefaultLeftUnfedMeansInference()
    {
        // Seed 002 evaluates accuracy without feeding `training`: its default False must select the moving statistics.
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(Dense), name: "x");
        var training = tf.placeholder_with_default(false, TensorShape.Scalar, name: "training");
        var y = tf.layers.batch_normalization(x, momentum: 0.9, training: training);
        CheckInference(graph, x, y, null, Dense, fused: false, runUpdates: true);
    }

    /// <summary>
    /// The keras fused layer with a training tensor runs its AssignSub updates at inference too, with
    /// momentum 1. TF 1.15 feeds them the inference kernel's batch mean and variance, which the CPU
    /// kernel never writes (uninitialized memory: (var − garbage)·0 is NaN when the garbage is NaN/Inf,
    /// which happened here in full test runs). The port feeds the moving statistics themselves, so the
    /// update provably moves nothing; this pins that the update's inputs are exactly those values.
    /// </summary>
    [Theory]
    [InlineData("layers")]
    [InlineData("contrib")]
    public void FusedInferenceFeedsTheUpdateTheMovingStatisticsNotTheKernelsUnwrittenOutputs(string api)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(Conv), name: "x");
        var training = tf.placeholder_with_default(false, TensorShape.Scalar, name: "training");
        if (api == "layers") tf.layers.batch_normalization(x, training: training);
        else tf.contrib.layers.batch_norm(x, is_training: training);
        var scope = api == "layers" ? "batch_normalization" : "BatchNorm";
        var (mean, variance) = (BnTestKit.Var(graph, $"{scope}/moving_mean"), BnTestKit.Var(graph, $"{scope}/moving_variance"));
        // AssignMovingAvg/sub_1 = var − value: its second input is the value the update consumes.
        var fedMean = graph.OperationByName($"{scope}/AssignMovingAvg/sub_1")!.Inputs[1];
        var fedVariance = graph.OperationByName($"{scope}/AssignMovingAvg_1/sub_1")!.Inputs[1];
        float[] m = { 0.5f, -1f, 2f, 0.25f }, v = { 1.5f, 0.5f, 3f, 2f };
        var assign = tf.group(tf.assign(mean, m), tf.assign(variance, v));
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        sess.run(assign);
        var feed = new FeedDict { { x, BnTestKit.Value(BnTestKit.Batch(Conv, 12), Conv) } };
        for (var run = 0; run < 3; run++)
        {
            var fed = sess.RunValues(new[] { fedMean, fedVariance }, BnTestKit.UpdateOps(graph), feed);
            Assert.Equal(m, fed[0].ToArray<float>());
            Assert.Equal(v, fed[1].ToArray<float>());
            Assert.Equal(m, BnTestKit.Read(sess, mean));
            Assert.Equal(v, BnTestKit.Read(sess, variance));
        }
    }

    /// <summary>Sets γ, β and the moving statistics to known values, runs y (and UPDATE_OPS), compares y with the reference, checks nothing moved.</summary>
    private static void CheckInference(Graph graph, Tensor x, Tensor y, Tensor? training, int[] shape, bool fused, bool runUpdates)
    {
        var channels = shape[^1];
        var variables = tf.global_variables();
        Variable? Find(string suffix) => variables.SingleOrDefault(v => v.OpName.EndsWith("/" + suffix));
        var (gamma, beta, mean, variance) = (Find("gamma"), Find("beta")!, Find("moving_mean")!, Find("moving_variance")!);
        var values = new Dictionary<Variable, float[]>
        {
            [beta] = BnTestKit.Uniform(channels, 1, -0.5, 0.5),
            [mean] = BnTestKit.Uniform(channels, 2, -2, 2),
            [variance] = BnTestKit.Uniform(channels, 3, 0.25, 4),
        };
        if (gamma is not null) values[gamma] = BnTestKit.Uniform(channels, 4, 0.5, 1.5);
        var assign = tf.group(values.Select(kv => (object)tf.assign(kv.Key, kv.Value)).ToList());
        var updates = runUpdates ? BnTestKit.UpdateOps(graph) : new List<Operation>();

        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        sess.run(assign);
        var batch = BnTestKit.Batch(shape, seed: 11);
        var feed = new FeedDict { { x, BnTestKit.Value(batch, shape) } };
        if (training is not null) feed.Add(training, false);
        var output = sess.RunValues(new[] { y }, updates, feed)[0].ToArray<float>();

        foreach (var (variable, expected) in values)
            Assert.Equal(expected, BnTestKit.Read(sess, variable));
        var epsilon = fused ? FusedEpsilon.Floor(0.001) : 0.001;
        var reference = BatchNormReference.ForwardInference(new Batch(BnTestKit.Widen(batch), shape),
            BnTestKit.Widen(values[mean]), BnTestKit.Widen(values[variance]),
            gamma is null ? null : BnTestKit.Widen(values[gamma]), BnTestKit.Widen(values[beta]), epsilon);
        BnTestKit.Close(reference.Output.ToArray(), output, 1e-5, what: "y at inference");
    }
}
