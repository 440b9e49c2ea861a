using Google.Protobuf;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The graph as a GraphDef, and ops that TensorFlow created behind the C# side's back
/// (TF_GraphImportGraphDef) turned into ordinary <see cref="Operation"/> objects.
/// </summary>
public sealed partial class Graph
{
    /// <summary>
    /// Python's Graph.as_graph_def: the GraphDef TF_GraphToGraphDef writes. With <paramref name="add_shapes"/>,
    /// each node gets the "_output_shapes" attribute (the static shape of every output), as Python adds it.
    /// </summary>
    public GraphDef as_graph_def(bool add_shapes = false)
    {
        var graphDef = GraphDef.Parser.ParseFrom(ToGraphDef());
        if (add_shapes)
            foreach (var node in graphDef.Node)
            {
                if (OperationByName(node.Name) is not { } op) continue;
                var list = new AttrValue.Types.ListValue();
                list.Shape.AddRange(op.Outputs.Select(t => ShapeProto(t.Shape)));
                node.Attr["_output_shapes"] = new AttrValue { List = list };
            }
        return graphDef;
    }

    internal static TensorShapeProto ShapeProto(TensorShape shape)
    {
        var proto = new TensorShapeProto();
        if (shape.Dims is null) proto.UnknownRank = true;
        else proto.Dim.AddRange(shape.Dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return proto;
    }

    /// <summary>Python's Graph.get_operation_by_name (a tensor name, "x:0", is refused).</summary>
    public Operation get_operation_by_name(string name)
    {
        ThrowIfDisposed();
        if (name.Contains(':'))
            throw new ValueError($"Name '{name}' appears to refer to a Tensor, not a Operation.");
        return OperationByName(name) ?? throw new KeyError($"The name '{name}' refers to an Operation not in the graph.");
    }

    /// <summary>Python's Graph.get_tensor_by_name: "op:index" only.</summary>
    public Tensor get_tensor_by_name(string name)
    {
        ThrowIfDisposed();
        if (!name.Contains(':'))
        {
            var what = OperationByName(name) is null ? "looks like an (invalid) Operation name" : "refers to an Operation";
            throw new ValueError($"The name '{name}' {what}, not a Tensor. Tensor names must be of the form \"<op_name>:<output_index>\".");
        }
        var parts = name.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out _))
            throw new ValueError($"The name '{name}' looks a like a Tensor name, but is not a valid one. Tensor names must be of the form \"<op_name>:<output_index>\".");
        return (Tensor)AsGraphElement(name);
    }

    internal Operation OperationByHandle(IntPtr handle) =>
        _byHandle.TryGetValue(handle, out var op) ? op
            : throw new InvalidOperationException($"TF_Operation {TfNative.PtrToString(TfNative.TF_OperationName(handle))} is not registered with its Graph.");

    /// <summary>
    /// Python's Graph._add_new_tf_operations: wraps every native op the C# side does not know yet (in
    /// creation order), marks its name as used, records its attributes, and links inputs and consumers.
    /// </summary>
    internal unsafe List<Operation> RegisterNewOperations()
    {
        ThrowIfDisposed();
        var g = Handle.DangerousGetHandle();
        var fresh = new List<(Operation Op, NodeDef Node)>();
        nuint pos = 0;
        IntPtr oper;
        while ((oper = TfNative.TF_GraphNextOperation(g, &pos)) != IntPtr.Zero)
        {
            if (_byHandle.ContainsKey(oper)) continue;
            var op = new Operation(this, oper, _operations.Count + 1, Array.Empty<Tensor>(), Array.Empty<Operation>(), context: null);
            _operations.Add(op);
            _byName[op.Name] = op;
            _byHandle[oper] = op;
            _namesInUse.TryAdd(op.Name.ToLowerInvariant(), 1);
            fresh.Add((op, NodeAttrs.NodeDefOf(oper, op.Name)));
        }
        // Inputs are linked once every new op exists: a while loop's NextIteration feeds an earlier Merge.
        foreach (var (op, node) in fresh)
        {
            op.Attrs = NodeAttrs.Read(op.Handle, node);
            var inputs = new Tensor[TfNative.TF_OperationNumInputs(op.Handle)];
            for (var i = 0; i < inputs.Length; i++)
            {
                var source = TfNative.TF_OperationInput(new TF_Output(op.Handle, i));
                inputs[i] = OperationByHandle(source.oper).Outputs[source.index];
                var key = (inputs[i].Op.Id, inputs[i].ValueIndex);
                if (!_consumers.TryGetValue(key, out var list)) _consumers[key] = list = new List<Operation>();
                list.Add(op);
            }
            var controlCount = TfNative.TF_OperationNumControlInputs(op.Handle);
            var controls = new IntPtr[controlCount];
            if (controlCount > 0)
                fixed (IntPtr* p = controls) TfNative.TF_OperationGetControlInputs(op.Handle, p, controlCount);
            op.Inputs = inputs;
            op.ControlInputs = controls.Select(OperationByHandle).ToArray();
        }
        return fresh.Select(f => f.Op).ToList();
    }
}
