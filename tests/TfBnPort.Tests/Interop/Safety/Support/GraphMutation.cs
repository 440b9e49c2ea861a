using CsCheck;
using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Interop.Safety.Support;

/// <summary>
/// A change to a GraphDef that keeps it parseable, so it reaches what byte damage rarely does:
/// TensorFlow's importer and shape functions. Nodes are picked by index modulo the count; op
/// types, attr values, dims and dtypes come from edge cases (negative, huge, undefined, risky).
/// </summary>
internal abstract record GraphMutation
{
    public abstract void Apply(GraphDef graph);

    private static NodeDef Pick(GraphDef graph, int index) => graph.Node[index % graph.Node.Count];

    public sealed record SetOp(int Node, string Op) : GraphMutation
    {
        public override void Apply(GraphDef graph) { if (graph.Node.Count > 0) Pick(graph, Node).Op = Op; }
    }

    public sealed record SetAttr(int Node, string Name, AttrValue Value) : GraphMutation
    {
        public override void Apply(GraphDef graph) { if (graph.Node.Count > 0) Pick(graph, Node).Attr[Name] = Value.Clone(); }
    }

    /// <summary>Replaces one of a node's existing attrs (keeps the name, so the op's own attr gets the odd value).</summary>
    public sealed record ReplaceAttr(int Node, int Attr, AttrValue Value) : GraphMutation
    {
        public override void Apply(GraphDef graph)
        {
            if (graph.Node.Count == 0) return;
            var node = Pick(graph, Node);
            if (node.Attr.Count == 0) return;
            node.Attr[node.Attr.Keys.OrderBy(k => k, StringComparer.Ordinal).ElementAt(Attr % node.Attr.Count)] = Value.Clone();
        }
    }

    public sealed record RemoveAttr(int Node, int Attr) : GraphMutation
    {
        public override void Apply(GraphDef graph)
        {
            if (graph.Node.Count == 0) return;
            var node = Pick(graph, Node);
            if (node.Attr.Count > 0) node.Attr.Remove(node.Attr.Keys.OrderBy(k => k, StringComparer.Ordinal).ElementAt(Attr % node.Attr.Count));
        }
    }

    /// <summary>Adds or replaces an input: another node's output k, a control input, or a dangling name.</summary>
    public sealed record SetInput(int Node, int Slot, int Source, int OutputIndex, bool Control, bool Dangling) : GraphMutation
    {
        public override void Apply(GraphDef graph)
        {
            if (graph.Node.Count == 0) return;
            var node = Pick(graph, Node);
            var name = Dangling ? "no_such_node" : Pick(graph, Source).Name;
            var input = Control ? "^" + name : OutputIndex == 0 ? name : $"{name}:{OutputIndex}";
            if (Slot < node.Input.Count) node.Input[Slot] = input; else node.Input.Add(input);
        }
    }

    public sealed record RemoveInput(int Node, int Slot) : GraphMutation
    {
        public override void Apply(GraphDef graph)
        {
            if (graph.Node.Count == 0) return;
            var node = Pick(graph, Node);
            if (node.Input.Count > 0) node.Input.RemoveAt(Slot % node.Input.Count);
        }
    }

    public sealed record Duplicate(int Node, bool Rename) : GraphMutation
    {
        public override void Apply(GraphDef graph)
        {
            if (graph.Node.Count == 0) return;
            var copy = Pick(graph, Node).Clone();
            if (Rename) copy.Name += "_copy";
            graph.Node.Add(copy);
        }
    }

    public sealed record Remove(int Node) : GraphMutation
    {
        public override void Apply(GraphDef graph) { if (graph.Node.Count > 0) graph.Node.RemoveAt(Node % graph.Node.Count); }
    }

    public sealed record SetName(int Node, string Name) : GraphMutation
    {
        public override void Apply(GraphDef graph) { if (graph.Node.Count > 0) Pick(graph, Node).Name = Name; }
    }

    public sealed record SetVersions(int Producer, int MinConsumer) : GraphMutation
    {
        public override void Apply(GraphDef graph) => graph.Versions = new VersionDef { Producer = Producer, MinConsumer = MinConsumer };
    }

    /// <summary>A library function holding a copy of some nodes (and a call to it), so function bodies get fuzzed too.</summary>
    public sealed record AddFunction(int Node, string Name) : GraphMutation
    {
        public override void Apply(GraphDef graph)
        {
            if (graph.Node.Count == 0) return;
            graph.Library ??= new FunctionDefLibrary();
            var function = new FunctionDef { Signature = new OpDef { Name = Name } };
            function.NodeDef.Add(Pick(graph, Node).Clone());
            graph.Library.Function.Add(function);
            graph.Node.Add(new NodeDef { Name = "call_" + Name, Op = Name });
        }
    }

    private static readonly Gen<int> Index = Gen.Int[0, 1000];

    private static readonly Gen<long> Dim = Gen.OneOf(Gen.Long[-3, 10], Gen.Const(-1L), Gen.Const(0L), Gen.Const(1L << 31), Gen.Const(1L << 40),
        Gen.Const(long.MaxValue), Gen.Const(long.MinValue), Gen.Const(784L));

    private static readonly Gen<DataType> DType = Gen.OneOf(Gen.Int[0, 24], Gen.Int[100, 124], Gen.Int[-5, 300]).Select(i => (DataType)i);

    private static readonly Gen<TensorShapeProto> ShapeGen = Gen.Select(Dim.Array[0, 5], Gen.Int[0, 20],
        (dims, extraRank) =>
        {
            var shape = new TensorShapeProto();
            foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
            if (extraRank == 0) for (var i = 0; i < 255; i++) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = 1 }); // over kMaxDimensions
            if (extraRank == 1) shape.UnknownRank = true;
            return shape;
        });

    private static readonly Gen<TensorProto> TensorGen = Gen.Select(DType, ShapeGen, Gen.Byte.Array[0, 24], Gen.Int[0, 5], Gen.Float,
        (dtype, shape, content, values, f) =>
        {
            var t = new TensorProto { Dtype = dtype, TensorShape = shape };
            if (content.Length % 3 == 0) t.TensorContent = ByteString.CopyFrom(content);
            for (var i = 0; i < values; i++)
            {
                t.FloatVal.Add(f); t.IntVal.Add(i - 2); t.Int64Val.Add(long.MinValue + i);
                t.StringVal.Add(ByteString.CopyFrom(content)); t.BoolVal.Add(i % 2 == 0); t.HalfVal.Add(i);
            }
            if (values == 5) t.VariantVal.Add(new VariantTensorDataProto { TypeName = "x", Metadata = ByteString.CopyFrom(content) });
            return t;
        });

    private static readonly Gen<string> StringGen = Gen.OneOf(Gen.Const("file:///tmp/tfbnport-fuzz-never-written"), Gen.Const(""), Gen.Const("SAME"),
        Gen.Const("NHWC"), Gen.Const("VALID"), Gen.Const("NCHW"), Gen.Const("stderr"), Gen.String[0, 8]);

    private static readonly Gen<AttrValue> AttrGen = Gen.Frequency(
        (2, Gen.Long.Select(i => new AttrValue { I = i })),
        (1, Gen.OneOf(Gen.Long[-3, 5], Gen.Const(long.MaxValue), Gen.Const(long.MinValue)).Select(i => new AttrValue { I = i })),
        (1, Gen.Float.Select(f => new AttrValue { F = f })),
        (1, Gen.Bool.Select(b => new AttrValue { B = b })),
        (3, DType.Select(t => new AttrValue { Type = t })),
        (3, ShapeGen.Select(s => new AttrValue { Shape = s })),
        (4, TensorGen.Select(t => new AttrValue { Tensor = t })),
        (2, StringGen.Select(s => new AttrValue { S = ByteString.CopyFromUtf8(s) })),
        (2, Gen.Select(Gen.Long.Array[0, 5], DType.Array[0, 3], ShapeGen.Array[0, 2],
            (i, t, s) => new AttrValue { List = new AttrValue.Types.ListValue { I = { i }, Type = { t }, Shape = { s } } })),
        (1, Gen.Const(new AttrValue { List = new AttrValue.Types.ListValue() })),
        (1, StringGen.Select(s => new AttrValue { Func = new NameAttrList { Name = s } })),
        (1, StringGen.Select(s => new AttrValue { Placeholder = s })),
        (1, Gen.Const(new AttrValue())));

    private static readonly Gen<string> AttrName = Gen.OneOf(Gen.Const("T"), Gen.Const("dtype"), Gen.Const("value"), Gen.Const("shape"),
        Gen.Const("N"), Gen.Const("Tidx"), Gen.Const("keep_dims"), Gen.Const("transpose_a"), Gen.Const("strides"), Gen.Const("padding"),
        Gen.Const("data_format"), Gen.Const("ksize"), Gen.Const("dtypes"), Gen.Const("output_stream"), Gen.Const("_class"),
        Gen.Const("_output_shapes"), Gen.Const("container"), Gen.Const("shared_name"), Gen.Const("f"), Gen.Const("axis"), Gen.String[1, 6]);

    private static readonly Gen<string> OpGen = Gen.OneOf(
        Gen.OneOf(new[] { "Const", "Placeholder", "Identity", "MatMul", "Add", "AddV2", "Conv2D", "MaxPool", "Reshape", "Fill", "Switch", "Merge",
            "Enter", "Exit", "NextIteration", "LoopCond", "VariableV2", "Assign", "RestoreV2", "SaveV2", "MergeV2Checkpoints", "StringJoin",
            "ShardedFilename", "FusedBatchNormV3", "ConcatV2", "Pack", "Unpack", "Split", "Tile", "Transpose", "GatherV2", "StridedSlice",
            "Slice", "Squeeze", "ExpandDims", "Cast", "Shape", "Rank", "Size", "Empty", "OneHot", "Pad", "While", "If", "PartitionedCall",
            "StatefulPartitionedCall", "ReadFile", "WriteFile", "PrintV2", "PyFunc", "Where", "TopKV2", "NoOp", "Relu", "Softmax", "ArgMax",
            "SparseSoftmaxCrossEntropyWithLogits", "ImmutableConst", "TensorArrayV3", "RandomUniform", "Bitcast", "QuantizeV2" }.Select(Gen.Const).ToArray()),
        Gen.String[0, 10]);

    public static readonly Gen<GraphMutation> Any = Gen.Frequency(
        (2, Gen.Select(Index, OpGen, (n, op) => (GraphMutation)new SetOp(n, op))),
        (3, Gen.Select(Index, AttrName, AttrGen, (n, name, v) => (GraphMutation)new SetAttr(n, name, v))),
        (5, Gen.Select(Index, Index, AttrGen, (n, a, v) => (GraphMutation)new ReplaceAttr(n, a, v))),
        (1, Gen.Select(Index, Index, (n, a) => (GraphMutation)new RemoveAttr(n, a))),
        (3, Gen.Select(Index, Gen.Int[0, 4], Index, Gen.OneOf(Gen.Int[0, 3], Gen.Const(-1), Gen.Const(int.MaxValue)), Gen.Bool, Gen.Int[0, 9],
            (n, slot, src, k, control, dangling) => (GraphMutation)new SetInput(n, slot, src, k, control, dangling == 0))),
        (1, Gen.Select(Index, Index, (n, s) => (GraphMutation)new RemoveInput(n, s))),
        (1, Gen.Select(Index, Gen.Bool, (n, r) => (GraphMutation)new Duplicate(n, r))),
        (1, Index.Select(n => (GraphMutation)new Remove(n))),
        (1, Gen.Select(Index, Gen.OneOf(Gen.Const(""), Gen.Const("a b"), Gen.Const("_x"), Gen.Const("W"), Gen.String[0, 6]), (n, s) => (GraphMutation)new SetName(n, s))),
        (1, Gen.Select(Gen.OneOf(Gen.Int[-5, 200], Gen.Const(int.MaxValue)), Gen.Int[-5, 200], (p, m) => (GraphMutation)new SetVersions(p, m))),
        (1, Gen.Select(Index, Gen.OneOf(Gen.Const("f"), Gen.Const("MatMul"), Gen.String[0, 5]), (n, name) => (GraphMutation)new AddFunction(n, name))));

    /// <summary>One to four changes.</summary>
    public static readonly Gen<GraphMutation[]> Several = Any.Array[1, 4];
}
