using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// tf.device / tf.colocate_with as ops.Graph applies them in TF 1.15 (_apply_device_functions, then
/// the colocation stack). Devices are read back from the native ops (TF_OperationDevice), i.e. what
/// the GraphDef carries.
/// </summary>
public class DevicePlacementTests
{
    [Fact]
    public void NestedStringScopesMergeInnerFirst()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Operation a, b, c, d;
        using (tf.device("/job:worker/task:1"))
        {
            a = tf.constant(1f, name: "a").Op;
            using (tf.device("/cpu:0"))
            {
                b = tf.constant(1f, name: "b").Op;             // inner CPU + outer job/task
                using (tf.device("/job:ps")) c = tf.constant(1f, name: "c").Op; // inner job wins, task kept from outside
            }
            using (tf.device((string?)null)) d = tf.constant(1f, name: "d").Op; // None hides every outer scope
        }
        Assert.Equal("/job:worker/task:1", a.Device);
        Assert.Equal("/job:worker/task:1/device:CPU:0", b.Device);
        Assert.Equal("/job:ps/task:1/device:CPU:0", c.Device);
        Assert.Equal("", d.Device);
        Assert.Equal("", tf.constant(1f, name: "e").Op.Device);
    }

    [Fact]
    public void DeviceFunctionSeesTheOpAndDecides()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var seen = new List<string>();
        Tensor x, y;
        using (tf.device("/job:worker"))
        using (tf.device(op => { seen.Add(op.Type); return op.Type == "MatMul" ? "/device:CPU:0" : op.Device; }))
        {
            x = tf.constant(new float[,] { { 1 } }, name: "x");
            y = tf.matmul(x, x);
        }
        Assert.Equal(new[] { "Const", "MatMul" }, seen);
        Assert.Equal("/job:worker", x.Op.Device);                 // the function kept it; the outer spec merged
        Assert.Equal("/job:worker/device:CPU:0", y.Op.Device);    // the outer spec fills the job
    }

    [Fact]
    public void VariablesColocateTheirReadAndInitializer()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable v;
        using (tf.device("/job:ps/task:0"))
            v = tf.get_variable("w", new[] { 2 }, initializer: tf.zeros_initializer());
        Assert.Equal("/job:ps/task:0", v.Device);
        var read = graph.OperationByName("w/read")!;
        Assert.Equal("/job:ps/task:0", read.Device);
        Assert.Equal(new[] { "loc:@w" }, read.Attr<string[]>("_class"));
        // variables.py: the initial value is built under device(None) with _class = loc:@w.
        var init = graph.OperationByName("w/Initializer/zeros")!;
        Assert.Equal("", init.Device);
        Assert.Equal(new[] { "loc:@w" }, init.Attr<string[]>("_class"));
    }

    [Fact]
    public void ColocateWithSuspendsDeviceScopesAndUnionsGroups()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Operation a, b, inner;
        using (tf.device("/job:ps/task:1")) a = tf.constant(1f, name: "a").Op;
        using (tf.device("/job:worker"))
        {
            using (tf.colocate_with(a))
            {
                b = tf.constant(2f, name: "b").Op;
                using (tf.colocate_with(tf.constant(3f, name: "c")))
                    inner = tf.constant(4f, name: "d").Op;
            }
        }
        Assert.Equal("/job:ps/task:1", b.Device);   // the worker scope does not apply inside colocate_with
        Assert.Equal(new[] { "loc:@a" }, b.Attr<string[]>("_class"));
        // c is itself colocated with a, so its groups are {loc:@a}: d gets the sorted union.
        Assert.Equal(new[] { "loc:@a" }, inner.Attr<string[]>("_class"));
        Assert.Throws<ValueError>(() => tf.colocate_with(null));
        using (tf.colocate_with(null, ignore_existing: true)) Assert.Equal("", tf.constant(1f, name: "z").Op.Device);
    }

    [Fact]
    public void AdamSlotsAndMovingAveragesFollowTheirVariable()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "X");
        Operation train;
        using (tf.device(tf.train.replica_device_setter(ps_tasks: 2)))
        {
            var h = tf.layers.dense(x, 2, name: "hidden");
            var bn = tf.layers.batch_normalization(h, training: true, name: "bn");
            var loss = tf.reduce_mean(tf.square(bn));
            var step = tf.train.get_or_create_global_step();
            using (tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
                train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step: step);
        }
        // Round robin over creation order: hidden/kernel 0, hidden/bias 1, bn/gamma 0, bn/beta 1,
        // bn/moving_mean 0, bn/moving_variance 1, global_step 0.
        Assert.Equal("/job:ps/task:0", Var(graph, "hidden/kernel").Device);
        Assert.Equal("/job:ps/task:1", Var(graph, "hidden/bias").Device);
        Assert.Equal("/job:ps/task:1", Var(graph, "bn/moving_variance").Device);
        // Slots colocate with their primary (not the next round-robin task), beta powers with the first variable by name (bn/beta).
        Assert.Equal("/job:ps/task:1", graph.OperationByName("hidden/bias/Adam")!.Device);
        Assert.Equal(new[] { "loc:@hidden/bias" }, graph.OperationByName("hidden/bias/Adam_1")!.Attr<string[]>("_class"));
        Assert.Equal("/job:ps/task:1", graph.OperationByName("beta1_power")!.Device);
        Assert.Equal(new[] { "loc:@bn/beta" }, graph.OperationByName("beta2_power")!.Attr<string[]>("_class"));
        // The BN update is colocated with the moving statistic; the Adam update runs on its variable's device.
        var update = graph.Operations.First(o => o.Type == "AssignSub" && o.Name.StartsWith("bn/AssignMovingAvg_1", StringComparison.Ordinal));
        Assert.Equal("/job:ps/task:1", update.Device);
        Assert.Equal("/job:ps/task:0", graph.OperationByName("Adam/update_hidden/kernel/ApplyAdam")!.Device);
        // Everything else is on the worker.
        Assert.Equal("/job:worker", graph.OperationByName("hidden/MatMul")!.Device);
        Assert.Equal("/job:ps/task:0", train.Device); // global_step's AssignAdd is colocated with global_step

        static Operation Var(Graph g, string name) => g.OperationByName(name)!;
    }
}
