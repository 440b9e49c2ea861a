using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Distributed;

/// <summary>Expected placements follow python/training/device_setter.py (1.15) and its docstring example.</summary>
public class ReplicaDeviceSetterTests
{
    private static ClusterSpec Cluster() => new(new Dictionary<string, string[]>
    {
        ["ps"] = new[] { "ps0:2222", "ps1:2222" },
        ["worker"] = new[] { "worker0:2222", "worker1:2222", "worker2:2222" },
    });

    [Fact]
    public void DocstringExampleRoundRobinsVariables()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable v1, v2, v3;
        Tensor sum;
        using (tf.device(tf.train.replica_device_setter(cluster: Cluster())))
        {
            v1 = tf.Variable(1f, name: "v1");
            v2 = tf.Variable(2f, name: "v2");
            v3 = tf.Variable(3f, name: "v3");
            sum = v1.Snapshot + v2.Snapshot;
        }
        Assert.Equal(new[] { "/job:ps/task:0", "/job:ps/task:1", "/job:ps/task:0" }, new[] { v1.Device, v2.Device, v3.Device });
        Assert.Equal("/job:worker", sum.Op.Device);
        Assert.Equal("/job:worker", v1.Initializer.Device); // Assign is not a ps op (the runtime colocates it through the ref edge)
    }

    [Fact]
    public void WorkerDeviceAndInnerScopesMerge()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var setter = tf.train.replica_device_setter(ps_tasks: 1, worker_device: "/job:worker/task:1");
        Variable a, b;
        Tensor c;
        using (tf.device(setter))
        {
            using (tf.device("/cpu:0")) a = tf.Variable(1f, name: "a");    // ps device merged with the inner CPU
            using (tf.device("/job:local")) b = tf.Variable(1f, name: "b"); // inner job differs from ps: no task set
            c = tf.constant(1f, name: "c");
        }
        Assert.Equal("/job:ps/task:0/device:CPU:0", a.Device);
        Assert.Equal("/job:local", b.Device);
        Assert.Equal("/job:worker/task:1", c.Op.Device);
    }

    [Fact]
    public void NoPsTasksMeansNoDeviceFunction()
    {
        Assert.Null(tf.train.replica_device_setter());
        Assert.Null(tf.train.replica_device_setter(cluster: new ClusterSpec(new Dictionary<string, string[]> { ["worker"] = new[] { "w:1" } })));
    }

    [Fact]
    public void CustomPsOpsAndMergeDevicesFalse()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Tensor k;
        Variable v;
        using (tf.device(tf.train.replica_device_setter(ps_tasks: 3, ps_ops: new[] { "Const" }, merge_devices: false)))
        {
            k = tf.constant(1f, name: "k");
            using (tf.device("/job:other")) v = tf.Variable(1f, name: "v");
        }
        Assert.Equal("/job:ps/task:0", k.Op.Device);  // Const is a ps op here
        Assert.Equal("/job:other", v.Device);          // merge_devices=False keeps a device already set
    }

    [Fact]
    public void GreedyLoadBalancingPlacesByBytes()
    {
        // Sizes in bytes: a 400·4=1600, b 10·4=40, c 100·8=800, d 1·4=4.
        // Loads: a→ps0 (0,0 tie → 0) [1600,0]; b→ps1 [1600,40]; c→ps1 [1600,840]; d→ps1 [1600,844].
        using var graph = new Graph();
        using var _ = graph.as_default();
        var strategy = tf.contrib.training.GreedyLoadBalancingStrategy(2, tf.contrib.training.byte_size_load_fn);
        var devices = new List<string>();
        using (tf.device(tf.train.replica_device_setter(ps_tasks: 2, ps_strategy: strategy)))
        {
            devices.Add(tf.get_variable("a", new[] { 20, 20 }, initializer: tf.zeros_initializer()).Device);
            devices.Add(tf.get_variable("b", new[] { 10 }, initializer: tf.zeros_initializer()).Device);
            devices.Add(tf.get_variable("c", new[] { 100 }, tf.float64, tf.zeros_initializer()).Device);
            devices.Add(tf.Variable(1f, name: "d").Device);
        }
        Assert.Equal(new[] { "/job:ps/task:0", "/job:ps/task:1", "/job:ps/task:1", "/job:ps/task:1" }, devices);
    }
}
