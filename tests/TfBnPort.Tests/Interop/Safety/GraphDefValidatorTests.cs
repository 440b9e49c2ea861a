using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;
using static TfBnPort.FaultWorker.CraftedModels;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>
/// What GraphDefValidator refuses before TensorFlow's importer sees a graph. The limits are
/// TensorShape::IsValid's (tensor_shape.cc, TF 1.15: at most 254 dims, dims ≥ -1, no int64
/// overflow) and types.proto's dtype values; each case breaks exactly one of them in an otherwise
/// valid classifier, which itself passes.
/// </summary>
public class GraphDefValidatorTests
{
    [Fact]
    public void TheCraftedModelsPass()
    {
        GraphDefValidator.Validate(Classifier(writeFileTo: "/tmp/x"), "m.pb", "m.pb");
        GraphDefValidator.Validate(MetaWithSaver().GraphDef, "m.meta", "m.meta");
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "duplicate", "two nodes are named 'W'" },
        { "unknown op", "uses the op 'NoSuchOp', which TensorFlow 1.15.0 does not register" },
        { "dim -2", "attr 'shape' has the dimension -2" },
        { "255 dims", "has 255 dimensions (TensorFlow allows 254)" },
        { "overflow", "has more than 2**63-1 elements" },
        { "negative tensor dim", "attr 'value' has the dimension -1" },
        { "content size", "holds 3 bytes of content for 7840 elements of DtFloat" },
        { "too many values", "lists 7841 values for a tensor of 7840 elements" },
        { "dtype 77", "names the dtype 77" },
        { "attr kind", "attr 'T' holds a int where the op declares 'type'" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void EachBreakageIsRefusedWithAClearMessage(string breakage, string expected)
    {
        var graph = Classifier();
        var images = graph.Node.Single(n => n.Name == "images");
        var w = graph.Node.Single(n => n.Name == "W").Attr["value"].Tensor;
        switch (breakage)
        {
            case "duplicate": graph.Node.Add(graph.Node.Single(n => n.Name == "W").Clone()); break;
            case "unknown op": graph.Node.Add(Node("x", "NoSuchOp", [])); break;
            case "dim -2": images.Attr["shape"] = Shape(-2, 784); break;
            case "255 dims": images.Attr["shape"] = Shape(Enumerable.Repeat(1L, 255).ToArray()); break;
            case "overflow": images.Attr["shape"] = Shape(1L << 40, 1L << 40); break;
            case "negative tensor dim": w.TensorShape = ShapeProto(-1, 10); break;
            case "content size": w.TensorContent = Google.Protobuf.ByteString.CopyFrom(1, 2, 3); break;
            case "too many values": w.FloatVal.AddRange(Enumerable.Repeat(1f, 7840)); break;
            case "dtype 77": images.Attr["dtype"] = Type((DataType)77); break;
            case "attr kind": graph.Node.Single(n => n.Name == "MatMul").Attr["T"] = new AttrValue { I = 1 }; break;
        }
        var e = Assert.Throws<ModelFileException>(() => GraphDefValidator.Validate(graph, "'m.pb'", "m.pb"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("'m.pb' cannot be imported: ", e.Message);
        Assert.Equal("m.pb", e.Path);
    }
}
