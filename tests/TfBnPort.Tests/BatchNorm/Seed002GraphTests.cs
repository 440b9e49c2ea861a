using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>
/// Variable names and the UPDATE_OPS and TRAINABLE_VARIABLES collections of seed 002's graph are
/// what TF 1.15 creates. get_variable ignores name scopes, so the "dnn" scope prefixes ops only;
/// tf.layers.batch_normalization is non-fused on rank 2 and, with a training tensor, files the
/// Merge ops of its two update conds (keras add_update keeps `x.op` of smart_cond's result).
/// </summary>
public class Seed002GraphTests
{
    private static readonly string[] Layers = { "hidden1", "batch_normalization", "hidden2", "batch_normalization_1", "outputs", "batch_normalization_2" };

    [Fact]
    public void VariablesAreNamedAsTf115NamesThem()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        new Seed002Graph();
        var expected = new[]
        {
            "hidden1/kernel", "hidden1/bias",
            "batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance",
            "hidden2/kernel", "hidden2/bias",
            "batch_normalization_1/gamma", "batch_normalization_1/beta", "batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance",
            "outputs/kernel", "outputs/bias",
            "batch_normalization_2/gamma", "batch_normalization_2/beta", "batch_normalization_2/moving_mean", "batch_normalization_2/moving_variance",
        };
        Assert.Equal(expected.Select(n => n + ":0"), tf.global_variables().Select(v => v.Name));
        Assert.Equal(new long[] { 784, 300 }, BnTestKit.Var(graph, "hidden1/kernel").Shape.Dims);
        Assert.Equal(new long[] { 100 }, BnTestKit.Var(graph, "batch_normalization_1/moving_variance").Shape.Dims);
    }

    [Fact]
    public void TrainableVariablesAreKernelsBiasesGammasAndBetas()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        new Seed002Graph();
        var expected = new[]
        {
            "hidden1/kernel", "hidden1/bias", "batch_normalization/gamma", "batch_normalization/beta",
            "hidden2/kernel", "hidden2/bias", "batch_normalization_1/gamma", "batch_normalization_1/beta",
            "outputs/kernel", "outputs/bias", "batch_normalization_2/gamma", "batch_normalization_2/beta",
        };
        Assert.Equal(expected, tf.trainable_variables().Select(v => v.OpName));
    }

    [Fact]
    public void UpdateOpsAreTheSixMergeOpsOfTheUpdateConds()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var seed = new Seed002Graph();
        // BatchNormalization.call (non-fused): mean -> cond, variance -> cond_1, mean_update -> cond_2, variance_update -> cond_3.
        var expected = Layers.Where(l => l.StartsWith("batch_normalization"))
            .SelectMany(l => new[] { $"dnn/{l}/cond_2/Merge", $"dnn/{l}/cond_3/Merge" }).ToArray();
        Assert.All(seed.ExtraUpdateOps, u => Assert.IsType<Operation>(u));
        var ops = seed.ExtraUpdateOps.Cast<Operation>().ToList();
        Assert.Equal(expected, ops.Select(op => op.Name));
        Assert.All(ops, op => Assert.Equal("Merge", op.Type));
        foreach (var op in ops)
        {
            // Merge(false branch, true branch): the moving variable's value through the false Switch,
            // the AssignSub built in the true branch as is (TF 1.15 adds no Identity to branch results).
            var scope = op.Name[..op.Name.LastIndexOf('/')];
            Assert.Equal("Switch", op.Inputs[0].Op.Type);
            Assert.EndsWith("/read", op.Inputs[0].Op.Inputs[0].Op.Name);
            Assert.Equal("AssignSub", op.Inputs[1].Op.Type);
            Assert.Equal($"{scope}/AssignMovingAvg", op.Inputs[1].Op.Name);
        }
    }

    [Fact]
    public void RunningTheTrainingOpWithTheExtraUpdateOpsMovesTheMovingStatistics()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.set_random_seed(42);
        var seed = new Seed002Graph();
        var movingMean = BnTestKit.Var(graph, "batch_normalization/moving_mean");
        var movingVar = BnTestKit.Var(graph, "batch_normalization_2/moving_variance");
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var feed = new FeedDict
        {
            { seed.X, BnTestKit.Value(BnTestKit.Uniform(32 * 784, 5, 0, 1), new[] { 32, 784 }) },
            { seed.Y, Enumerable.Range(0, 32).Select(i => i % 10).ToArray() },
            { seed.Training, true },
        };
        var lossBefore = BnTestKit.Read(sess, seed.Loss, feed)[0];
        for (var i = 0; i < 5; i++) sess.run(new object[] { seed.TrainingOp, seed.ExtraUpdateOps }, feed);
        Assert.Contains(BnTestKit.Read(sess, movingMean), v => v != 0);
        Assert.Contains(BnTestKit.Read(sess, movingVar), v => v != 1);
        Assert.True(BnTestKit.Read(sess, seed.Loss, feed)[0] < lossBefore, "five gradient-descent steps should lower the training loss");
    }
}
