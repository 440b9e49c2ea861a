using System.Text.Json;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// sess.run with RunOptions(FULL_TRACE) fills RunMetadata.step_stats; Timeline turns step stats into
/// the Chrome trace that TF1's timeline.py writes (checked on a hand-built step whose lanes, flows
/// and memory peak are worked out below, and on a real traced step).
/// </summary>
public class TimelineTests
{
    private static NodeExecStats Node(string name, long start, long duration, string label, long outputBytes = 0)
    {
        var node = new NodeExecStats { NodeName = name, AllStartMicros = start, AllEndRelMicros = duration, TimelineLabel = label };
        if (outputBytes > 0)
            node.Output.Add(new NodeOutput
            {
                TensorDescription = new TensorDescription
                {
                    Dtype = DataType.DtFloat,
                    AllocationDescription = new AllocationDescription { RequestedBytes = outputBytes, AllocatorName = "cpu" },
                },
            });
        return node;
    }

    [Fact]
    public void A_hand_built_step_gets_pythons_lanes_flows_and_memory_peak()
    {
        // A [100,110) on lane 0; B starts at 105 before lane 0 is free -> lane 1; C at 111 > 110 -> lane 0.
        // Flows cross lanes: A->B (lane 0 -> 1), B->C (lane 1 -> 0); A->C stays on lane 0.
        // Memory (allocator "cpu"): A +40 at 100, B +20 at 105, A freed at 114 (C's end - 1), B at 115:
        // totals 40, 60, 20, 0 -> peak 60 bytes at 105 with A and B alive.
        var stats = new StepStats();
        var dev = new DeviceStepStats { Device = "/cpu:0" };
        dev.NodeStats.Add(Node("A", 100, 10, "A = Const()", 40));
        dev.NodeStats.Add(Node("B", 105, 10, "B = Neg(A)", 20));
        dev.NodeStats.Add(Node("C", 111, 4, "C = Add(A, B)"));
        stats.DevStats.Add(dev);

        var timeline = new Timeline(stats);
        using var json = JsonDocument.Parse(timeline.generate_chrome_trace_format(show_memory: true));
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();

        var processes = events.Where(e => e.GetProperty("ph").GetString() == "M")
            .ToDictionary(e => e.GetProperty("args").GetProperty("name").GetString()!, e => e.GetProperty("pid").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Allocators"] = 0, ["/cpu:0 Compute"] = 1, ["/cpu:0 Tensors"] = 2 }, processes);

        var ops = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(new[] { ("Const", 0L, 100L, 10L), ("Neg", 1L, 105L, 10L), ("Add", 0L, 111L, 4L) },
            ops.Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("tid").GetInt64(), e.GetProperty("ts").GetInt64(), e.GetProperty("dur").GetInt64())));
        Assert.Equal("A", ops[2].GetProperty("args").GetProperty("input0").GetString());
        Assert.Equal("B", ops[2].GetProperty("args").GetProperty("input1").GetString());

        var flows = events.Where(e => e.GetProperty("ph").GetString() is "s" or "t")
            .Select(e => (e.GetProperty("ph").GetString()!, e.GetProperty("name").GetString()!, e.GetProperty("tid").GetInt64(), e.GetProperty("ts").GetInt64())).ToList();
        Assert.Equal(new[] { ("s", "A", 0L, 110L), ("t", "A", 1L, 105L), ("s", "B", 1L, 115L), ("t", "B", 0L, 111L) }, flows);

        var counters = events.Where(e => e.GetProperty("ph").GetString() == "C")
            .Select(e => (e.GetProperty("ts").GetInt64(), e.GetProperty("args").GetProperty("cpu").GetInt64())).ToList();
        Assert.Equal(new[] { (100L, 40L), (105L, 60L), (114L, 20L), (115L, 0L) }, counters);
        var peak = timeline.AllocatorMaximums["cpu"];
        Assert.Equal((105L, 60L), (peak.timestamp, peak.num_bytes));
        Assert.Equal(new[] { "A", "B" }, peak.tensors.Order());
        // The caller's StepStats is not changed (Python writes the lanes into it; we write them into a copy).
        Assert.Equal(0u, stats.DevStats[0].NodeStats[1].ThreadId);
    }

    [Fact]
    public void A_traced_step_has_an_op_event_per_executed_node_on_its_device()
    {
        using var graph = new Graph();
        Tensor y;
        Tensor x;
        using (graph.as_default())
        {
            x = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "x");
            var w = tf.constant(new float[,] { { 1f }, { 2f }, { 3f } }, name: "w");
            y = tf.nn.relu(tf.matmul(x, w), name: "y");
        }
        using var sess = tf.Session(graph);
        var options = new RunOptions { TraceLevel = RunOptions.Types.TraceLevel.FullTrace };
        var metadata = new RunMetadata();
        var result = (object?[])sess.run(new object[] { y }, new FeedDict { { x, new float[,] { { 1f, 1f, 1f }, { -1f, 0f, 0f } } } }, options, metadata)!;
        Assert.Equal(new[] { 6f, 0f }, ((NumSharp.NDArray)result[0]!).ToArray<float>());

        var nodes = metadata.StepStats.DevStats.SelectMany(d => d.NodeStats.Select(n => (d.Device, Node: n))).ToList();
        Assert.Contains(nodes, n => n.Node.NodeName == "MatMul" && n.Device.EndsWith("CPU:0"));
        Assert.Contains(nodes, n => n.Node.NodeName == "y");

        using var json = JsonDocument.Parse(new Timeline(metadata.StepStats).generate_chrome_trace_format());
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var pids = events.Where(e => e.GetProperty("ph").GetString() == "M")
            .ToDictionary(e => e.GetProperty("args").GetProperty("name").GetString()!, e => e.GetProperty("pid").GetInt32());
        var ops = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(nodes.Count, ops.Count);
        foreach (var (device, node) in nodes)
            Assert.Contains(ops, e => e.GetProperty("args").GetProperty("name").GetString() == node.NodeName
                                      && e.GetProperty("pid").GetInt32() == pids[device + " Compute"]
                                      && e.GetProperty("dur").GetInt64() == node.AllEndRelMicros);
        Assert.Contains(ops, e => e.GetProperty("name").GetString() == "MatMul" && e.GetProperty("args").GetProperty("input0").GetString() == "_arg_x_0_0");
    }

    [Fact]
    public void Without_options_no_trace_is_collected()
    {
        using var graph = new Graph();
        Tensor y;
        using (graph.as_default()) y = tf.constant(1f) + tf.constant(2f);
        using var sess = tf.Session(graph);
        var metadata = new RunMetadata { StepStats = new StepStats { DevStats = { new DeviceStepStats { Device = "stale" } } } };
        sess.run(new object[] { y }, null, new RunOptions(), metadata);
        // Python parses into run_metadata: what was there is replaced.
        Assert.DoesNotContain(metadata.StepStats?.DevStats ?? [], d => d.Device == "stale");
    }
}
