using Google.Protobuf;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.FaultWorker.CraftedModels;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>
/// The parsing limits of GraphIO (what ModelFile, loader and `show` read through): a file over the size
/// limit, nesting over the recursion limit (binary and text), and truncation are refused by name.
/// </summary>
public class ModelProtoReaderTests
{
    [Fact]
    public void AWellFormedFileRoundTrips()
    {
        using var dir = new ScratchDir("proto-reader");
        var meta = MetaWithSaver();
        File.WriteAllBytes(dir["m.meta"], meta.ToByteArray());
        Assert.Equal(meta, GraphIO.ReadMessage(dir["m.meta"], MetaGraphDef.Parser, "MetaGraphDef"));
    }

    [Fact]
    public void AFileOverTheSizeLimitIsRefusedBeforeParsing()
    {
        using var dir = new ScratchDir("proto-reader");
        File.WriteAllBytes(dir["m.pb"], Classifier().ToByteArray());
        var e = Assert.Throws<ModelFileException>(() => GraphIO.ReadGraphDef(dir["m.pb"], ModelLoadOptions.Safe with { MaxFileBytes = 100 }));
        Assert.Contains("more than the 100 bytes read for a GraphDef", e.Message);
    }

    /// <summary>AttrValue.func → NameAttrList.attr → AttrValue ... 60 levels is 121 nested messages below GraphDef: over the limit of 100.</summary>
    [Fact]
    public void NestingDeeperThanTheLimitIsRefusedInBinaryAndText()
    {
        using var dir = new ScratchDir("proto-reader");
        var value = new AttrValue { I = 1 };
        for (var i = 0; i < 60; i++) value = new AttrValue { Func = new NameAttrList { Name = "f", Attr = { ["a"] = value } } };
        var graph = new GraphDef { Node = { Node("n", "NoOp", [], ("deep", value)) } };
        File.WriteAllBytes(dir["deep.pb"], graph.ToByteArray());
        Assert.Contains("nest more than 100 deep", Assert.Throws<ModelFileException>(() => GraphIO.ReadGraphDef(dir["deep.pb"])).Message);
        Assert.Equal(graph, GraphIO.ReadGraphDef(dir["deep.pb"], ModelLoadOptions.Safe with { RecursionLimit = 200 }));

        File.WriteAllText(dir["deep.pbtxt"], "node { name: \"n\" op: \"NoOp\" attr { key: \"x\" value " + string.Concat(Enumerable.Repeat("{ func { name: \"f\" attr { key: \"a\" value ", 60)) +
                                             "{ i: 1 }" + new string('}', 180) + " } }");
        Assert.Contains("nest more than 100 deep", Assert.Throws<ModelFileException>(() => GraphIO.ReadGraphDef(dir["deep.pbtxt"])).Message);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        using var dir = new ScratchDir("proto-reader");
        var bytes = MetaWithSaver().ToByteArray();
        File.WriteAllBytes(dir["m.meta"], bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<ModelFileException>(() => GraphIO.ReadMessage(dir["m.meta"], MetaGraphDef.Parser, "MetaGraphDef"));
        Assert.Contains("truncated", e.Message);
    }
}
