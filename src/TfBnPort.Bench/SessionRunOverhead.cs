using TfBnPort.Tensorflow;

namespace TfBnPort.Bench;

/// <summary>µs per sess.run on placeholder → identity (784 floats): the C# binding vs raw TF_SessionRun.</summary>
public static class SessionRunOverhead
{
    public static IEnumerable<BenchRow> Measure(int calls)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(784), name: "x");
        var y = tf.identity(x, name: "y");
        using var sess = new Session(graph);
        var data = new float[784];
        var fetches = new[] { y };
        var noTargets = Array.Empty<Operation>();
        using var raw = new RawSession(sess, new[] { x }, fetches, noTargets);
        var rawFeed = new[] { TensorValue.From(data) };

        var floor = Stopwatches.SecondsPerCall(() => raw.Run(rawFeed), calls, warmup: calls / 10);
        var values = Stopwatches.SecondsPerCall(() => sess.RunValues(fetches, noTargets, new FeedDict { { x, data } }), calls, warmup: calls / 10);
        var ndarray = Stopwatches.SecondsPerCall(() => sess.run(y, new FeedDict { { x, data } }), calls, warmup: calls / 10);
        yield return new BenchRow("session.run overhead", "raw TF_SessionRun (floor)", floor * 1e6, "µs/call");
        yield return new BenchRow("session.run overhead", "binding: RunValues(float[])", values * 1e6, "µs/call", floor * 1e6, "raw",
            $"+{(values - floor) * 1e6:F1} µs above the floor");
        yield return new BenchRow("session.run overhead", "binding: sess.run(tensor) → NDArray", ndarray * 1e6, "µs/call", floor * 1e6, "raw",
            $"+{(ndarray - floor) * 1e6:F1} µs above the floor");
    }

    /// <summary>Working-set growth over many runs (must stay flat).</summary>
    public static IEnumerable<BenchRow> MemoryGrowth(int calls)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(784), name: "x");
        var y = tf.identity(x);
        using var sess = new Session(graph);
        var data = new float[784];
        var fetches = new[] { y };
        for (var i = 0; i < calls / 10; i++) sess.RunValues(fetches, Array.Empty<Operation>(), new FeedDict { { x, data } });
        GC.Collect();
        var before = Stopwatches.WorkingSetBytes();
        for (var i = 0; i < calls; i++) sess.RunValues(fetches, Array.Empty<Operation>(), new FeedDict { { x, data } });
        GC.Collect();
        var after = Stopwatches.WorkingSetBytes();
        yield return new BenchRow("memory", $"working-set growth over {calls:N0} sess.run", (after - before) / 1048576.0, "MB",
            Note: $"{before / 1048576.0:F0} → {after / 1048576.0:F0} MB");
    }
}
