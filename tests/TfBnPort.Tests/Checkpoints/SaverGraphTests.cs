using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>The saver's ops are the ones TF 1.15's Saver adds to a graph, under the same names.</summary>
public class SaverGraphTests
{
    [Fact]
    public void OpsAndNamesMatchPythonsSaver()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.Variable(tf.constant(1f), name: "b");
        tf.Variable(tf.constant(2f), name: "a");
        var before = graph.Operations.Count;
        tf.train.Saver();

        var added = graph.Operations.Skip(before).Select(op => $"{op.Name} {op.Type}").ToArray();
        Assert.Equal(new[]
        {
            "save/filename/input Const", "save/filename PlaceholderWithDefault", "save/Const PlaceholderWithDefault",
            "save/SaveV2/tensor_names Const", "save/SaveV2/shape_and_slices Const", "save/SaveV2 SaveV2",
            "save/control_dependency Identity",
            "save/RestoreV2/tensor_names Const", "save/RestoreV2/shape_and_slices Const", "save/RestoreV2 RestoreV2",
            "save/Assign Assign", "save/Assign_1 Assign", "save/restore_all NoOp",
        }, added);

        var names = (TensorValue)graph.OperationByName("save/SaveV2/tensor_names")!.Attrs["value"];
        Assert.Equal(new[] { "a", "b" }, names.ToStrings()); // sorted by key, not by creation
        Assert.Equal("a", graph.OperationByName("save/Assign")!.Inputs[0].Op.Name);
        Assert.Equal(new[] { "save/Assign", "save/Assign_1" },
            graph.OperationByName("save/restore_all")!.ControlInputs.Select(o => o.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ASecondSaverGetsItsOwnScope()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.Variable(tf.constant(1f), name: "v");
        tf.train.Saver();
        tf.train.Saver();
        Assert.NotNull(graph.OperationByName("save_1/restore_all"));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Assert.Contains("No variables to save", Assert.Throws<ValueError>(() => tf.train.Saver()).Message);
        var v = tf.Variable(tf.constant(1f), name: "v");
        Assert.Throws<ValueError>(() => tf.train.Saver(var_list: new[] { v, v }));
        Assert.Throws<ValueError>(() => tf.train.Saver(name_map: new Dictionary<string, Variable> { ["x"] = v, ["y"] = v }));
        Assert.Throws<ValueError>(() => tf.train.Saver(var_list: new[] { v }, name_map: new Dictionary<string, Variable> { ["x"] = v }));
        Assert.Throws<ValueError>(() => tf.train.Saver(max_to_keep: -1));
    }
}
