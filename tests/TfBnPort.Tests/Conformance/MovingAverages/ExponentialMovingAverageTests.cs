using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Conformance.MovingAverages;

/// <summary>
/// moving_averages_test.py ExponentialMovingAverageTest (graph mode): shadow variables, their names,
/// initial values and updates, num_updates, zero-debias of tensors, control dependencies, scopes, devices
/// and colocation, variables_to_restore. Expected values: the test's own arithmetic rewritten in C#.
/// </summary>
public class ExponentialMovingAverageTests
{
    private const string File = "tensorflow/python/training/moving_averages_test.py";

    private static double[] Read(Session sess, object t)
    {
        var tensor = t is Variable v ? v.Snapshot : (Tensor)t;
        return sess.RunValues(new[] { tensor }, Array.Empty<Operation>(), null)[0].ToDoubleArray();
    }

    private static void Run(Session sess, Operation op) => sess.RunValues(Array.Empty<Tensor>(), new[] { op }, null);

    private static void Close(double[] expected, double[] actual) => Conformance.NnBatchNorm.NnKit.AllClose(expected, actual);

    private static double[] Repeat(double value, int dim) => Enumerable.Repeat(value, dim).ToArray();

    private static Variable Var(double value, int dim, string name) =>
        dim == 1 ? tf.Variable((float)value, name: name) : tf.Variable(Enumerable.Repeat((float)value, dim).ToArray(), name: name);

    /// <summary>_CheckDecay: two variables and their sum, averaged; two updates checked against decay·old + (1 − decay)·new.</summary>
    private static void CheckDecay(Func<ExponentialMovingAverage> makeEma, bool zeroDebias, double dk, int dim)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var ema = makeEma();
        double Scale(int steps) => zeroDebias ? 1 - Math.Pow(dk, steps) : 1;
        var var0 = Var(10.0, dim, "v0");
        var var1 = Var(30.0, dim, "v1");
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        // tensor2 is not a Variable but a plain Tensor, the sum.
        var tensor2 = var0.Snapshot + var1.Snapshot;
        var update = ema.apply(new object[] { var0, var1, tensor2 });
        var avg0 = ema.average(var0)!;
        var avg1 = ema.average(var1)!;
        var avg2 = ema.average(tensor2)!;
        Assert.Equal(new[] { var0, var1 }, tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES).Cast<Variable>());
        var trainable = tf.trainable_variables();
        Assert.DoesNotContain(avg0, trainable);
        Assert.DoesNotContain(avg1, trainable);
        Assert.DoesNotContain(avg2, trainable);
        sess.run(tf.global_variables_initializer());
        Assert.Equal("v0/ExponentialMovingAverage:0", avg0.Name);
        Assert.Equal("v1/ExponentialMovingAverage:0", avg1.Name);
        Assert.Equal("add/ExponentialMovingAverage:0", avg2.Name);
        Close(Repeat(10.0, dim), Read(sess, var0));
        Close(Repeat(30.0, dim), Read(sess, var1));
        Close(Repeat(10.0 + 30.0, dim), Read(sess, tensor2));
        // Averages of variables start at their values; of tensors at zeros (the tensor has not run yet).
        Close(Repeat(10.0, dim), Read(sess, avg0));
        Close(Repeat(30.0, dim), Read(sess, avg1));
        Close(Repeat(0.0, dim), Read(sess, avg2));
        Run(sess, update);
        Close(Repeat(10.0 * dk + 10.0 * (1 - dk), dim), Read(sess, avg0));
        Close(Repeat(30.0 * dk + 30.0 * (1 - dk), dim), Read(sess, avg1));
        Close(Repeat(0.0 * dk + (10.0 + 30.0) * (1 - dk) / Scale(1), dim), Read(sess, avg2));
        Run(sess, update);
        Close(Repeat((10.0 * dk + 10.0 * (1 - dk)) * dk + 10.0 * (1 - dk), dim), Read(sess, avg0));
        Close(Repeat((30.0 * dk + 30.0 * (1 - dk)) * dk + 30.0 * (1 - dk), dim), Read(sess, avg1));
        Close(Repeat(((0.0 * dk + (10.0 + 30.0) * (1 - dk)) * dk + (10.0 + 30.0) * (1 - dk)) / Scale(2), dim), Read(sess, avg2));
    }

    // With num_updates 1 the decay applied is min(0.25, (1 + 1)/(10 + 1)) = 0.181818...
    private const double NumUpdatesDecay = 2.0 / 11.0;

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNoNumUpdates_Scalar")]
    public void AverageVariablesNoNumUpdates_Scalar() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25), false, 0.25, 1);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNoNumUpdates_Scalar_Debias")]
    public void AverageVariablesNoNumUpdates_Scalar_Debias() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25, zero_debias: true), true, 0.25, 1);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNoNumUpdates_Vector")]
    public void AverageVariablesNoNumUpdates_Vector() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25), false, 0.25, 5);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNoNumUpdates_Vector_Debias")]
    public void AverageVariablesNoNumUpdates_Vector_Debias() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25, zero_debias: true), true, 0.25, 5);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNumUpdates_Scalar")]
    public void AverageVariablesNumUpdates_Scalar() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25, num_updates: 1), false, NumUpdatesDecay, 1);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNumUpdates_Scalar_Debias")]
    public void AverageVariablesNumUpdates_Scalar_Debias() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25, num_updates: 1, zero_debias: true), true, NumUpdatesDecay, 1);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNumUpdates_Vector")]
    public void AverageVariablesNumUpdates_Vector() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25, num_updates: 1), false, NumUpdatesDecay, 5);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNumUpdates_Vector_Debias")]
    public void AverageVariablesNumUpdates_Vector_Debias() => CheckDecay(() => tf.train.ExponentialMovingAverage(0.25, num_updates: 1, zero_debias: true), true, NumUpdatesDecay, 5);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesWithControlDeps")]
    public void AverageVariablesWithControlDeps()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v0 = tf.Variable(0, name: "v0");
        var addToV0 = v0.assign_add(1);
        var v1 = tf.Variable(new[] { 10.0f }, name: "v1");
        var assignToV1 = v1.assign(new[] { 20.0f });
        var ema = tf.train.ExponentialMovingAverage(0.25);
        Operation emaOp;
        using (tf.control_dependencies(new object[] { addToV0 })) emaOp = ema.apply(new object[] { v1 });
        // The moving average of v1 has no control inputs: it can be initialized before v0.
        var v1Avg = ema.average(v1)!;
        Assert.Empty(v1Avg.Initializer.ControlInputs);
        Assert.Empty(v1Avg.value().Op.ControlInputs);
        using var sess = new Session(graph);
        Run(sess, v1Avg.Initializer);
        Run(sess, v0.Initializer);
        Close(new[] { 10.0 }, Read(sess, v1Avg));
        // Running ema_op adds to v0 (its control dependency) besides updating v1_avg: 10 − 0.75·(10 − 20) = 17.5.
        sess.RunValues(new[] { assignToV1 }, Array.Empty<Operation>(), null);
        Run(sess, emaOp);
        Close(new[] { 1.0 }, Read(sess, v0));
        Close(new[] { 17.5 }, Read(sess, v1Avg));
    }

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testBasicEager")]
    public void BasicEager()
    {
        // Run in graph mode (the Python test runs in both): apply twice; the second call reuses the shadows.
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v0 = tf.Variable(1.0f);
        var v1 = tf.Variable(2.0f);
        var ema = tf.train.ExponentialMovingAverage(0.25);
        var op = ema.apply(new object[] { v0, v1 });
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        Run(sess, op);
        sess.RunValues(new[] { v0.assign(2.0f), v1.assign(4.0f) }, Array.Empty<Operation>(), null);
        Run(sess, ema.apply(new object[] { v0, v1 }));
        // 1 − 0.75·(1 − 2) = 1.75 and 2 − 0.75·(2 − 4) = 3.5.
        Assert.Equal(1.75, Read(sess, ema.average(v0)!)[0]);
        Assert.Equal(3.5, Read(sess, ema.average(v1)!)[0]);
    }

    /// <summary>averageVariablesNamesHelper: average_name before and after apply, variables_to_restore's keys.</summary>
    private static void AverageVariablesNames(bool zeroDebias)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v0 = tf.Variable(10.0f, name: "v0");
        var v1 = tf.Variable(30.0f, name: "v1");
        var v2 = tf.Variable(20.0f, name: "v2", trainable: false); // a non-trainable variable
        var tensor2 = v0.Snapshot + v1.Snapshot;
        var ema = tf.train.ExponentialMovingAverage(0.25, zero_debias: zeroDebias, name: "foo");
        Assert.Equal("foo", ema.name);
        Assert.Equal("v0/foo", ema.average_name(v0));
        Assert.Equal("v1/foo", ema.average_name(v1));
        Assert.Equal("add/foo", ema.average_name(tensor2));
        ema.apply(new object[] { v0, v1, tensor2 });
        var toRestore = ema.variables_to_restore();
        var expected = new List<string> { ema.average_name(v0), ema.average_name(v1), ema.average_name(tensor2), v2.OpName };
        if (zeroDebias) expected.AddRange(new[] { ema.average_name(tensor2) + "/biased", ema.average_name(tensor2) + "/local_step" });
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), toRestore.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Same(v0, toRestore["v0/foo"]);
        Assert.Same(v2, toRestore["v2"]);
        Assert.Equal(ema.average(v0)!.OpName, ema.average_name(v0));
        Assert.Equal(ema.average(v1)!.OpName, ema.average_name(v1));
        Assert.Equal(ema.average(tensor2)!.OpName, ema.average_name(tensor2));
    }

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNames")]
    public void AverageVariablesNamesDebias() => AverageVariablesNames(zeroDebias: true);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNamesNoDebias")]
    public void AverageVariablesNamesNoDebias() => AverageVariablesNames(zeroDebias: false);

    /// <summary>averageVariablesNamesRespectScopeHelper: an EMA built in another variable scope prefixes its names with it.</summary>
    private static void RespectScope(bool zeroDebias)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable v0, v1, v2;
        Tensor tensor2;
        using (tf.variable_scope("scope1"))
        {
            v0 = tf.Variable(10.0f, name: "v0");
            v1 = tf.Variable(30.0f, name: "v1");
            v2 = tf.Variable(20.0f, name: "v2", trainable: false);
            tensor2 = v0.Snapshot + v1.Snapshot;
        }
        using (tf.variable_scope("scope2"))
        {
            var ema = tf.train.ExponentialMovingAverage(0.25, zero_debias: zeroDebias, name: "foo");
            Assert.Equal("scope2/scope1/v0/foo", ema.average_name(v0));
            Assert.Equal("scope2/scope1/v1/foo", ema.average_name(v1));
            Assert.Equal("scope2/scope1/add/foo", ema.average_name(tensor2));
            ema.apply(new object[] { v0, v1, tensor2 });
            var toRestore = ema.variables_to_restore();
            var expected = new List<string> { ema.average_name(v0), ema.average_name(v1), ema.average_name(tensor2), v2.OpName };
            if (zeroDebias)
                expected.AddRange(new[] { "scope2/" + ema.average_name(tensor2) + "/biased", "scope2/" + ema.average_name(tensor2) + "/local_step" });
            Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), toRestore.Keys.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(ema.average(v0)!.OpName, ema.average_name(v0));
            Assert.Equal(ema.average(v1)!.OpName, ema.average_name(v1));
            Assert.Equal(ema.average(tensor2)!.OpName, ema.average_name(tensor2));
        }
    }

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNamesRespectScope")]
    public void AverageVariablesNamesRespectScope() => RespectScope(zeroDebias: true);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesNamesRespectScopeNoDebias")]
    public void AverageVariablesNamesRespectScopeNoDebias() => RespectScope(zeroDebias: false);

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testSubsetAverageVariablesNames")]
    public void SubsetAverageVariablesNames()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var v0 = tf.Variable(10.0f, name: "v0");
        var v1 = tf.Variable(30.0f, name: "v1");
        var v2 = tf.Variable(20.0f, name: "v2", trainable: false);
        var tensor2 = v0.Snapshot + v1.Snapshot;
        var ema = tf.train.ExponentialMovingAverage(0.25, name: "foo_avg");
        Assert.Equal("v0/foo_avg", ema.average_name(v0));
        Assert.Equal("v1/foo_avg", ema.average_name(v1));
        Assert.Equal("add/foo_avg", ema.average_name(tensor2));
        // Only v0 and tensor2 are averaged here: v1 and v2 restore under their own names.
        var toRestore = ema.variables_to_restore(new object[] { v0, tensor2 });
        Assert.Equal(new[] { ema.average_name(v0), ema.average_name(tensor2), v1.OpName, v2.OpName }.OrderBy(n => n, StringComparer.Ordinal),
            toRestore.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Same(v1, toRestore["v1"]);
        ema.apply(new object[] { v0, v1, tensor2 });
        Assert.Equal(ema.average(v0)!.OpName, ema.average_name(v0));
        Assert.Equal(ema.average(v1)!.OpName, ema.average_name(v1));
        Assert.Equal(ema.average(tensor2)!.OpName, ema.average_name(tensor2));
    }

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testAverageVariablesDeviceAssignment")]
    public void AverageVariablesDeviceAssignment()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable v0;
        Tensor v1;
        using (graph.device("/job:dev_v0")) v0 = tf.Variable(10.0f, name: "v0");
        using (graph.device("/job:dev_v1"))
        {
            // gen_state_ops.variable: a bare VariableV2 ref, not a Variable.
            v1 = graph.NewOperation("VariableV2", "v1").Attr("shape", new TensorShape(1)).Attr("dtype", DType.Float)
                .Attr("container", "").Attr("shared_name", "").Finish().Output(0);
        }
        var tensor2 = v0.Snapshot + v1;
        var ema = tf.train.ExponentialMovingAverage(0.25, name: "foo_avg");
        using (graph.device("/job:default")) ema.apply(new object[] { v0, v1, tensor2 });
        Assert.Equal("/job:dev_v0", ema.average(v0)!.Device);
        Assert.Equal("/job:dev_v1", ema.average(v1)!.Device);
        // The colocation is kept as well.
        Assert.Equal(new[] { "loc:@v1" }, ema.average(v1)!.Op.ColocationGroups);
        Assert.Equal("/job:default", ema.average(tensor2)!.Device);
    }

    [Fact, TfTest(File, "ExponentialMovingAverageTest.testImportedGraphVariablesToRestore")]
    public void ImportedGraphVariablesToRestore()
    {
        using var g = new Graph();
        using (g.as_default()) tf.Variable(10.0f, name: "v");
        // Export and import the graph into a new graph.
        var metaGraph = tf.train.export_meta_graph(graph: g, collection_list: g.CollectionKeys.ToList());
        using var copy = new Graph();
        using var _ = copy.as_default();
        tf.train.import_meta_graph(metaGraph);
        var ema = tf.train.ExponentialMovingAverage(0.25, name: "foo_avg");
        var toRestore = ema.variables_to_restore();
        // One variable, once: an imported variable listed in two collections must not appear twice.
        Assert.Single(toRestore);
        Assert.Contains("v/foo_avg", toRestore.Keys);
    }
}
