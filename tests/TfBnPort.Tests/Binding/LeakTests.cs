using System.Diagnostics;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

/// <summary>Native memory must not grow with use: tensors, statuses, graphs and sessions are all released.</summary>
[Collection("Memory")]
public class LeakTests
{
    private static long WorkingSetMb()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64 / (1024 * 1024);
    }

    [Fact]
    public void HundredThousandSessionRunsKeepMemoryFlat()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(784), name: "x");
        var y = tf.identity(x);
        using var sess = new Session(graph);
        var feed = new float[784];
        var fetches = new[] { y };
        void Run(int n)
        {
            for (var i = 0; i < n; i++)
                sess.RunValues(fetches, Array.Empty<Operation>(), new FeedDict { { x, feed } });
        }
        Run(10_000); // warm-up: allocator pools and JIT settle first
        var before = WorkingSetMb();
        Run(100_000);
        var after = WorkingSetMb();
        // 100,000 runs move 2 × 313 MB of tensors through native memory; a leak of either shows as hundreds of MB.
        Assert.True(after - before < 40, $"working set grew {after - before} MB over 100,000 sess.run calls ({before} -> {after} MB)");
    }

    [Fact]
    public void ThousandGraphBuildDisposeCyclesKeepMemoryFlat()
    {
        void Cycle()
        {
            using var graph = new Graph();
            using var _ = graph.as_default();
            var x = tf.placeholder(tf.float32, new TensorShape(-1, 32));
            var h = tf.layers.dense(x, 32, activation: tf.nn.relu);
            using var sess = new Session(graph);
            sess.run(tf.global_variables_initializer());
            sess.run(h, new FeedDict { { x, new float[4, 32] } });
        }
        for (var i = 0; i < 100; i++) Cycle();
        var before = WorkingSetMb();
        for (var i = 0; i < 1000; i++) Cycle();
        var after = WorkingSetMb();
        Assert.True(after - before < 60, $"working set grew {after - before} MB over 1,000 graph build/dispose cycles ({before} -> {after} MB)");
    }
}

/// <summary>Memory measurements run alone, so other tests' allocations do not show up in them.</summary>
[CollectionDefinition("Memory", DisableParallelization = true)]
public sealed class MemoryCollection;
