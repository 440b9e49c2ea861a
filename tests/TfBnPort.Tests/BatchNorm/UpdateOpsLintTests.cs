using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.BatchNorm;

/// <summary>Session.Warn is process-wide: these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SessionWarnCollection
{
    public const string Name = "BatchNorm: Session.Warn hook";
}

/// <summary>
/// The UPDATE_OPS lint: seed 000 trains with an optimizer that does not depend on the batch-norm
/// updates and never runs them, so the moving statistics stay 0 and 1; the lint names the skipped
/// ops. Seed 002 runs them in the same sess.run as the training op, which the lint accepts.
/// </summary>
[Collection(SessionWarnCollection.Name)]
public class UpdateOpsLintTests
{
    private static List<string> Capture(Action run)
    {
        var messages = new List<string>();
        var saved = Session.Warn;
        Session.Warn = messages.Add;
        try { run(); }
        finally { Session.Warn = saved; }
        return messages;
    }

    private static FeedDict Seed000Feed(Seed000Graph g)
    {
        int[] shape = { Seed000Graph.Batch, Seed000Graph.Features };
        var labels = new float[Seed000Graph.Batch, Seed000Graph.Classes];
        for (var i = 0; i < Seed000Graph.Batch; i++) labels[i, i % Seed000Graph.Classes] = 1;
        return new FeedDict { { g.X, BnTestKit.Value(BnTestKit.Batch(shape, 3), shape) }, { g.Labels, labels } };
    }

    [Fact]
    public void Seed000PatternWarnsOnceNamingTheSkippedUpdates()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var g = new Seed000Graph();
        var updates = BnTestKit.UpdateOps(graph).Select(op => op.Name).ToList();
        // contrib's own fused path (rank 2), is_training=True: two AssignMovingAvg per layer, in the
        // name scope of batch_norm's variable_scope (hidden_layer_2: initialize() and the model's
        // reuse scope opened hidden_layer and hidden_layer_1 before it).
        Assert.Equal(new[] { "hidden_layer_2/AssignMovingAvg", "hidden_layer_2/AssignMovingAvg_1", "output_layer_2/AssignMovingAvg", "output_layer_2/AssignMovingAvg_1" }, updates);
        var movingMean = BnTestKit.Var(graph, "hidden_layer/moving_mean");
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var feed = Seed000Feed(g);
        var warnings = Capture(() =>
        {
            for (var step = 0; step < 3; step++) sess.run(new object[] { g.Optimizer, g.Loss }, feed);
        });
        var warning = Assert.Single(warnings);
        Assert.All(updates, name => Assert.Contains(name, warning));
        Assert.Contains("UPDATE_OPS", warning);
        // What the lint warns about: the moving mean never left its initial zeros.
        Assert.All(BnTestKit.Read(sess, movingMean), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void OptimizerBuiltUnderControlDependenciesOnTheUpdatesDoesNotWarn()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var g = new Seed000Graph(optimizerDependsOnUpdates: true);
        var movingMean = BnTestKit.Var(graph, "hidden_layer/moving_mean");
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var warnings = Capture(() => sess.run(new object[] { g.Optimizer, g.Loss }, Seed000Feed(g)));
        Assert.Empty(warnings);
        Assert.Contains(BnTestKit.Read(sess, movingMean), v => v != 0);
    }

    [Fact]
    public void Seed002PatternRunningTheUpdatesWithTheTrainingOpDoesNotWarn()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var g = new Seed002Graph();
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var feed = new FeedDict
        {
            { g.X, BnTestKit.Value(BnTestKit.Uniform(8 * 784, 9, 0, 1), new[] { 8, 784 }) },
            { g.Y, Enumerable.Range(0, 8).ToArray() },
            { g.Training, true },
        };
        Assert.Empty(Capture(() => sess.run(new object[] { g.TrainingOp, g.ExtraUpdateOps }, feed)));
        // The same graph trained without the extra update ops is the mistake the lint names (Merge ops here).
        var warning = Assert.Single(Capture(() => sess.run(g.TrainingOp, feed)));
        Assert.Contains("dnn/batch_normalization/cond_2/Merge", warning);
    }
}
