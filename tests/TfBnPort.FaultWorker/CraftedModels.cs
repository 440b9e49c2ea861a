using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.FaultWorker;

/// <summary>
/// Small models written node by node, as a hostile or careless producer could write them: a
/// classifier (images [?,784] → logits [?,10]) that may also write a file, and a .meta with a
/// Python-shaped saver (save/filename/input → save/filename → save/Const, SaveV2, RestoreV2,
/// restore_all; saver.py _build_internal) whose default path can be chosen.
/// </summary>
public static class CraftedModels
{
    /// <summary>
    /// images → MatMul(W) → logits, W a [784,10] float Const holding <paramref name="weight"/> everywhere
    /// (one float_val fills the tensor, as TensorFlow fills short value lists with the last value).
    /// With <paramref name="writeFileTo"/>, a WriteFile node 'write_it' writes "written by the model"
    /// there, and logits has a control input on it, so computing logits writes the file.
    /// </summary>
    public static GraphDef Classifier(string? writeFileTo = null, float weight = 0.01f)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = 134 } };
        graph.Node.Add(Node("images", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, 784))));
        graph.Node.Add(Node("W", "Const", [], ("dtype", Type(DataType.DtFloat)),
            ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = ShapeProto(784, 10), FloatVal = { weight } } })));
        graph.Node.Add(Node("MatMul", "MatMul", ["images", "W"], ("T", Type(DataType.DtFloat))));
        var logitsInputs = new List<string> { "MatMul" };
        if (writeFileTo is not null)
        {
            graph.Node.Add(StringConst("write_it/filename", writeFileTo));
            graph.Node.Add(StringConst("write_it/contents", "written by the model"));
            graph.Node.Add(Node("write_it", "WriteFile", ["write_it/filename", "write_it/contents"]));
            logitsInputs.Add("^write_it");
        }
        graph.Node.Add(Node("logits", "Identity", logitsInputs.ToArray(), ("T", Type(DataType.DtFloat))));
        return graph;
    }

    /// <summary>
    /// A .meta: one variable 'v' (float [10]) added to the classifier's logits, and a saver as
    /// Python's builds it, with <paramref name="defaultPath"/> as save/filename/input (Python: "model").
    /// </summary>
    public static MetaGraphDef MetaWithSaver(string defaultPath = "model")
    {
        var graph = Classifier();
        graph.Node.Remove(graph.Node.Single(n => n.Name == "logits"));
        graph.Node.Add(Node("v", "VariableV2", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(10)),
            ("container", new AttrValue { S = ByteString.Empty }), ("shared_name", new AttrValue { S = ByteString.Empty })));
        graph.Node.Add(Node("v/read", "Identity", ["v"], ("T", Type(DataType.DtFloat))));
        graph.Node.Add(Node("logits", "AddV2", ["MatMul", "v/read"], ("T", Type(DataType.DtFloat))));
        graph.Node.Add(StringConst("save/filename/input", defaultPath));
        graph.Node.Add(Node("save/filename", "PlaceholderWithDefault", ["save/filename/input"], ("dtype", Type(DataType.DtString)), ("shape", Shape())));
        graph.Node.Add(Node("save/Const", "PlaceholderWithDefault", ["save/filename"], ("dtype", Type(DataType.DtString)), ("shape", Shape())));
        graph.Node.Add(StringConst("save/SaveV2/tensor_names", "v", 1));
        graph.Node.Add(StringConst("save/SaveV2/shape_and_slices", "", 1));
        graph.Node.Add(Node("save/SaveV2", "SaveV2", ["save/Const", "save/SaveV2/tensor_names", "save/SaveV2/shape_and_slices", "v"],
            ("dtypes", new AttrValue { List = new AttrValue.Types.ListValue { Type = { DataType.DtFloat } } })));
        graph.Node.Add(Node("save/control_dependency", "Identity", ["save/Const", "^save/SaveV2"], ("T", Type(DataType.DtString))));
        graph.Node.Add(StringConst("save/RestoreV2/tensor_names", "v", 1));
        graph.Node.Add(StringConst("save/RestoreV2/shape_and_slices", "", 1));
        graph.Node.Add(Node("save/RestoreV2", "RestoreV2", ["save/Const", "save/RestoreV2/tensor_names", "save/RestoreV2/shape_and_slices"],
            ("dtypes", new AttrValue { List = new AttrValue.Types.ListValue { Type = { DataType.DtFloat } } })));
        graph.Node.Add(Node("save/Assign", "Assign", ["v", "save/RestoreV2"], ("T", Type(DataType.DtFloat)),
            ("use_locking", new AttrValue { B = true }), ("validate_shape", new AttrValue { B = true })));
        graph.Node.Add(Node("save/restore_all", "NoOp", ["^save/Assign"]));
        return new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { TensorflowVersion = "1.15.0", MetaGraphVersion = "v1.15.0" },
            GraphDef = graph,
            SaverDef = new SaverDef
            {
                FilenameTensorName = "save/Const:0", SaveTensorName = "save/control_dependency:0", RestoreOpName = "save/restore_all",
                MaxToKeep = 5, KeepCheckpointEveryNHours = 10000, Version = SaverDef.Types.CheckpointFormatVersion.V2,
            },
        };
    }

    /// <summary>A SavedModel holding <paramref name="meta"/> under the tag "serve".</summary>
    public static SavedModel SavedModelOf(MetaGraphDef meta)
    {
        var tagged = meta.Clone();
        tagged.MetaInfoDef ??= new MetaGraphDef.Types.MetaInfoDef();
        tagged.MetaInfoDef.Tags.Add("serve");
        return new SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { tagged } };
    }

    public static NodeDef Node(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attrs) node.Attr[key] = value;
        return node;
    }

    /// <summary>A string Const: a scalar, or a vector of <paramref name="length"/> copies.</summary>
    public static NodeDef StringConst(string name, string value, int? length = null) =>
        Node(name, "Const", [], ("dtype", Type(DataType.DtString)), ("value", new AttrValue
        {
            Tensor = new TensorProto
            {
                Dtype = DataType.DtString,
                TensorShape = length is { } n ? ShapeProto(n) : new TensorShapeProto(),
                StringVal = { ByteString.CopyFromUtf8(value) },
            },
        }));

    public static AttrValue Type(DataType type) => new() { Type = type };

    public static AttrValue Shape(params long[] dims) => new() { Shape = ShapeProto(dims) };

    public static TensorShapeProto ShapeProto(params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        return shape;
    }
}
