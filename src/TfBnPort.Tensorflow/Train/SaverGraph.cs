namespace TfBnPort.Tensorflow;

/// <summary>One variable a Saver writes: its checkpoint key and the variable.</summary>
internal sealed record SaverEntry(string Key, Variable Variable);

/// <summary>
/// The save/restore subgraph as TF 1.15's BulkSaverBuilder builds it for a non-sharded V2
/// Saver, op for op and name for name:
///   save/filename/input, save/filename (PlaceholderWithDefault "model"),
///   save/Const (PlaceholderWithDefault of it: the prefix fed at save and restore time),
///   save/SaveV2 {tensor_names, shape_and_slices}, save/control_dependency (the prefix after the save),
///   save/RestoreV2 {tensor_names, shape_and_slices}, save/Assign, save/Assign_1, ..., save/restore_all.
/// Entries come sorted by key, as validate_and_slice_inputs sorts them.
/// </summary>
internal sealed class SaverGraph
{
    internal SaverGraph(Tensor filename, Tensor saveTensor, Operation restoreOp)
    {
        Filename = filename;
        SaveTensor = saveTensor;
        RestoreOp = restoreOp;
    }

    /// <summary>save/Const: feed the checkpoint prefix here.</summary>
    public Tensor Filename { get; }

    /// <summary>save/control_dependency: running it writes the checkpoint and returns the fed prefix.</summary>
    public Tensor SaveTensor { get; }

    /// <summary>save/restore_all.</summary>
    public Operation RestoreOp { get; }

    public static SaverGraph Build(Graph graph, IReadOnlyList<SaverEntry> entries)
    {
        // Like init_scope: the saver must not inherit a tf.cond branch or control dependencies of where it is built.
        var savedContext = graph.ControlFlowContext;
        graph.ControlFlowContext = null;
        try
        {
            using var noDeps = graph.ControlDependencies(null);
            using var _ = graph.as_default();
            using var scope = graph.NameScope("save");
            Tensor filename;
            using (var filenameScope = graph.NameScope("filename"))
                filename = PlaceholderWithDefault(graph, StringConst(graph, "input", "model"), filenameScope.ScopeName);
            using (var constScope = graph.NameScope("Const")) // "Const" kept by TF for backwards compatibility
                filename = PlaceholderWithDefault(graph, filename, constScope.ScopeName);

            var keys = entries.Select(e => e.Key).ToArray();
            var slices = entries.Select(_ => "").ToArray();
            var refs = entries.Select(e => e.Variable.Ref).ToArray();
            var dtypes = entries.Select(e => e.Variable.DType).ToArray();

            Operation save;
            using (var saveScope = graph.NameScope("SaveV2"))
            {
                var names = StringConst(graph, "tensor_names", keys);
                var shapes = StringConst(graph, "shape_and_slices", slices);
                save = graph.NewOperationExact("SaveV2", saveScope.ScopeName)
                    .Input(filename).Input(names).Input(shapes).InputList(refs).Attr("dtypes", dtypes).Finish();
            }
            Tensor saveTensor;
            using (graph.ControlDependencies(new object[] { save }))
                saveTensor = graph.NewOperation("Identity", "control_dependency").Input(filename).Finish().Output(0);

            Operation restore;
            using (var restoreScope = graph.NameScope("RestoreV2"))
            {
                var names = StringConst(graph, "tensor_names", keys);
                var shapes = StringConst(graph, "shape_and_slices", slices);
                restore = graph.NewOperationExact("RestoreV2", restoreScope.ScopeName)
                    .Input(filename).Input(names).Input(shapes).Attr("dtypes", dtypes).Finish();
            }
            var assigns = entries.Select((e, i) => (object)graph.NewOperation("Assign", "Assign")
                .Input(e.Variable.Ref).Input(restore.Output(i))
                .Attr("validate_shape", true).Attr("use_locking", true).Finish()).ToList();
            Operation restoreAll;
            using (graph.ControlDependencies(assigns))
                restoreAll = graph.NewOperation("NoOp", "restore_all").Finish();
            return new SaverGraph(filename, saveTensor, restoreAll);
        }
        finally
        {
            graph.ControlFlowContext = savedContext;
        }
    }

    /// <summary>A scalar string PlaceholderWithDefault named exactly <paramref name="fullName"/> (its scope, as Python's op helper names ops).</summary>
    private static Tensor PlaceholderWithDefault(Graph graph, Tensor input, string fullName) =>
        graph.NewOperationExact("PlaceholderWithDefault", fullName).Input(input)
            .Attr("dtype", DType.String).Attr("shape", TensorShape.Scalar).Finish().Output(0);

    private static Tensor StringConst(Graph graph, string name, string value) =>
        graph.NewOperation("Const", name).Attr("value", TensorValue.FromStrings(new[] { value }, Array.Empty<long>()))
            .Attr("dtype", DType.String).Finish().Output(0);

    private static Tensor StringConst(Graph graph, string name, string[] values) =>
        graph.NewOperation("Const", name).Attr("value", TensorValue.FromStrings(values, new long[] { values.Length }))
            .Attr("dtype", DType.String).Finish().Output(0);
}
