using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Binding;

public class NamingAndCollectionTests
{
    [Fact]
    public void OpAndScopeNamesAreMadeUniqueLikeTf1()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 4), name: "X");
        var d1 = tf.layers.dense(x, 3);
        var d2 = tf.layers.dense(x, 3);
        Assert.Equal("dense/BiasAdd", d1.Op.Name);
        Assert.Equal("dense_1/BiasAdd", d2.Op.Name);
        using (tf.name_scope("dnn"))
        {
            var h = tf.layers.dense(x, 2, name: "hidden1");
            Assert.Equal("dnn/hidden1/BiasAdd", h.Op.Name);
        }
        // get_variable ignores name scopes; tf.Variable does not.
        Assert.Contains(tf.global_variables(), v => v.OpName == "hidden1/kernel");
        using (tf.name_scope("scope"))
        {
            var v1 = tf.Variable(1.0f, name: "v");
            var v2 = tf.Variable(1.0f, name: "v");
            Assert.Equal("scope/v", v1.OpName);
            Assert.Equal("scope/v_1", v2.OpName);
        }
        Assert.Equal("Const", tf.constant(1).Op.Name);
        Assert.Equal("Const_1", tf.constant(1).Op.Name);
    }

    [Fact]
    public void GetVariableReuseRulesFollowTf1()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable w;
        using (tf.variable_scope("layer"))
            w = tf.get_variable("weights", new[] { 2, 2 });
        var again = Assert.Throws<ValueError>(() => { using (tf.variable_scope("layer")) tf.get_variable("weights", new[] { 2, 2 }); });
        Assert.Contains("Variable layer/weights already exists, disallowed", again.Message);
        using (tf.variable_scope("layer", reuse: true))
            Assert.Same(w, tf.get_variable("weights"));
        var missing = Assert.Throws<ValueError>(() => { using (tf.variable_scope("layer", reuse: true)) tf.get_variable("biases", new[] { 2 }); });
        Assert.Contains("Variable layer/biases does not exist", missing.Message);
        var shape = Assert.Throws<ValueError>(() => { using (tf.variable_scope("layer", reuse: true)) tf.get_variable("weights", new[] { 3, 2 }); });
        Assert.Contains("(3, 2)", shape.Message);
        Assert.Contains("(2, 2)", shape.Message);
    }

    [Fact]
    public void CollectionsFilterByScopeAndControlDependenciesAttach()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        using (tf.variable_scope("a")) tf.get_variable("w", new[] { 1 });
        using (tf.variable_scope("b")) tf.get_variable("w", new[] { 1 }, trainable: false);
        Assert.Equal(new[] { "a/w:0" }, tf.trainable_variables().Select(v => v.Name));
        Assert.Equal(new[] { "b/w:0" }, tf.global_variables("b").Select(v => v.Name));
        var first = tf.no_op(name: "first");
        Tensor c;
        using (tf.control_dependencies(new object[] { first })) c = tf.constant(2.0f);
        Assert.Contains(first, c.Op.ControlInputs);
    }

    [Fact]
    public void VarianceScalingInitializerHasTf1Statistics()
    {
        // tf.variance_scaling_initializer(): truncated normal with stddev √(1/fan_in)/0.8796...; the
        // truncated distribution's own stddev is then √(1/fan_in).
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.set_random_seed(42);
        var w = tf.get_variable("w", new[] { 400, 300 }, initializer: tf.variance_scaling_initializer());
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        var values = sess.run(w.Snapshot).ToArray<float>();
        var mean = values.Average(v => (double)v);
        var std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(std, 0.05 * 0.98, 0.05 * 1.02);
        Assert.True(values.Max() <= 2 * 0.05 / 0.87962566103423978 + 1e-6);
    }

    [Fact]
    public void SetRandomSeedMakesInitialWeightsReproducible()
    {
        float[] Init()
        {
            using var graph = new Graph();
            using var _ = graph.as_default();
            tf.set_random_seed(42);
            var w = tf.get_variable("w", new[] { 3, 3 });
            using var sess = new Session(graph);
            sess.run(tf.global_variables_initializer());
            return sess.run(w.Snapshot).ToArray<float>();
        }
        Assert.Equal(Init(), Init());
    }
}
