using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// tf.import_graph_def with TF 1.15 importer.py's semantics: the "import" prefix (uniquified on reuse,
/// nested in the current name scope), input_map, return_elements, and importer.py's errors.
/// </summary>
public class ImportGraphDefTests
{
    // out = a * 3 + c, a a placeholder, c = 1.
    private static GraphDef Source()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.placeholder(tf.float32, new TensorShape(2), name: "a");
        var c = tf.constant(1f, name: "c");
        tf.add(tf.multiply(a, tf.constant(3f, name: "three"), name: "mul"), c, name: "out");
        return graph.as_graph_def();
    }

    [Fact]
    public void DefaultPrefixIsImportAndIsUniquifiedOnTheSecondImport()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.import_graph_def(Source());
        tf.import_graph_def(Source());
        using (tf.name_scope("outer")) tf.import_graph_def(Source(), name: "net");

        Assert.Equal("Add", graph.get_operation_by_name("import/out").Type);
        Assert.Equal("Add", graph.get_operation_by_name("import_1/out").Type);
        Assert.Equal("Add", graph.get_operation_by_name("outer/net/out").Type);
        Assert.Equal(3 * 5, graph.Operations.Count); // a, c, three, mul, out per import
    }

    [Fact]
    public void InputMapReplacesThePlaceholderAndReturnElementsComeBackInOrder()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var feed = tf.constant(new float[] { 2, -1 }, name: "feed");
        var returned = tf.import_graph_def(Source(), input_map: new Dictionary<string, Tensor> { ["a:0"] = feed },
            return_elements: new[] { "out:0", "mul", "c" }, name: "m")!;

        var output = Assert.IsType<Tensor>(returned[0]);
        Assert.Equal("m/out:0", output.Name);
        Assert.Equal("m/mul", Assert.IsType<Operation>(returned[1]).Name);
        Assert.Equal("m/c", Assert.IsType<Operation>(returned[2]).Name);
        Assert.Same(feed, graph.get_operation_by_name("m/mul").Inputs[0]);

        using var sess = tf.Session(graph);
        // [2,-1] * 3 + 1 = [7,-2], computed from the mapped constant without feeding m/a.
        Assert.Equal(new float[] { 7, -2 }, sess.run(output).ToArray<float>());
    }

    [Fact]
    public void NoReturnElementsGivesNull()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Assert.Null(tf.import_graph_def(Source()));
    }

    [Fact]
    public void ControlDependencyRemapUsesTheGivenOp()
    {
        var source = Source();
        source.Node.Single(n => n.Name == "out").Input.Add("^c");
        using var graph = new Graph();
        using var _ = graph.as_default();
        var gate = tf.constant(0f, name: "gate");
        tf.import_graph_def(source, input_map: new Dictionary<string, Tensor> { ["^c"] = gate });
        Assert.Contains(graph.get_operation_by_name("gate"), graph.get_operation_by_name("import/out").ControlInputs);
    }

    [Fact]
    public void MappingAnInputTheGraphDefLacksIsRefusedLikePython()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var t = tf.constant(1f);
        var e = Assert.Throws<ValueError>(() => tf.import_graph_def(Source(), input_map: new Dictionary<string, Tensor> { ["nope:0"] = t }));
        // importer.py: 'Attempted to map inputs that were not found in graph_def: [%s]'
        Assert.Equal("Attempted to map inputs that were not found in graph_def: [nope:0]", e.Message);
    }

    [Fact]
    public void UnknownReturnElementsAreValueErrors()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var tensor = Assert.Throws<ValueError>(() => tf.import_graph_def(Source(), return_elements: new[] { "missing:0" }));
        Assert.Contains("missing:0", tensor.Message);
        var op = Assert.Throws<ValueError>(() => tf.import_graph_def(Source(), return_elements: new[] { "ghost" }));
        Assert.Contains("ghost", op.Message);
        var malformed = Assert.Throws<ValueError>(() => tf.import_graph_def(Source(), return_elements: new[] { "a:b:c" }));
        Assert.Equal("Cannot convert 'a:b:c' to a tensor name.", malformed.Message);
    }

    [Fact]
    public void AnOpTheRuntimeDoesNotKnowIsNamed()
    {
        var source = Source();
        source.Node.Add(new NodeDef { Name = "weird", Op = "NoSuchOpInTf115" });
        using var graph = new Graph();
        using var _ = graph.as_default();
        var e = Assert.ThrowsAny<Exception>(() => tf.import_graph_def(source));
        Assert.Contains("NoSuchOpInTf115", e.Message);
        Assert.DoesNotContain(graph.Operations, o => o.Name.StartsWith("import/"));
    }

    [Fact]
    public void AnInputFromAnotherGraphIsRefused()
    {
        using var other = new Graph();
        Tensor foreign;
        using (other.as_default()) foreign = tf.constant(1f);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var e = Assert.Throws<ValueError>(() => tf.import_graph_def(Source(), input_map: new Dictionary<string, Tensor> { ["a:0"] = foreign }));
        Assert.Contains("a:0", e.Message);
    }

    [Fact]
    public void LookupsRefuseTheWrongKindOfNameWithPythonsMessages()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.import_graph_def(Source(), name: "");
        Assert.Equal("Name 'out:0' appears to refer to a Tensor, not a Operation.",
            Assert.Throws<ValueError>(() => graph.get_operation_by_name("out:0")).Message);
        Assert.Equal("The name 'zzz' refers to an Operation not in the graph.",
            Assert.Throws<KeyError>(() => graph.get_operation_by_name("zzz")).Message);
        Assert.StartsWith("The name 'out' refers to an Operation, not a Tensor.",
            Assert.Throws<ValueError>(() => graph.get_tensor_by_name("out")).Message);
    }
}
