using Google.Protobuf;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.FaultWorker.CraftedModels;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>The parsing limits: a file over the size limit, nesting over the recursion limit, and truncation are refused by name.</summary>
public class ModelProtoReaderTests
{
    [Fact]
    public void AWellFormedFileRoundTrips()
    {
        using var dir = new ScratchDir("proto-reader");
        var meta = MetaWithSaver();
        File.WriteAllBytes(dir["m.meta"], meta.ToByteArray());
        Assert.Equal(meta, ModelProtoReader.ReadMetaGraphDef(dir["m.meta"]));
    }

    [Fact]
    public void AFileOverTheSizeLimitIsRefusedBeforeParsing()
    {
        using var dir = new ScratchDir("proto-reader");
        File.WriteAllBytes(dir["m.pb"], Classifier().ToByteArray());
        var e = Assert.Throws<ModelFormatException>(() => ModelProtoReader.ReadGraphDef(dir["m.pb"], ModelLoadOptions.Safe with { MaxFileBytes = 100 }));
        Assert.Contains("more than the 100 bytes read for a GraphDef", e.Message);
    }

    /// <summary>AttrValue.func → NameAttrList.attr → AttrValue ... 60 levels is 121 nested messages below GraphDef: over the limit of 100.</summary>
    [Fact]
    public void NestingDeeperThanTheLimitIsRefused()
    {
        var value = new AttrValue { I = 1 };
        for (var i = 0; i < 60; i++) value = new AttrValue { Func = new NameAttrList { Name = "f", Attr = { ["a"] = value } } };
        var graph = new GraphDef { Node = { Node("n", "NoOp", [], ("deep", value)) } };
        var e = Assert.Throws<ModelFormatException>(() =>
            ModelProtoReader.Parse(GraphDef.Parser, graph.ToByteArray(), "'deep.pb'", "a GraphDef"));
        Assert.Contains("nest more than 100 deep", e.Message);
        Assert.Equal(graph, ModelProtoReader.Parse(GraphDef.Parser, graph.ToByteArray(), "'deep.pb'", "a GraphDef", ModelLoadOptions.Safe with { RecursionLimit = 200 }));
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var bytes = MetaWithSaver().ToByteArray();
        var e = Assert.Throws<ModelFormatException>(() => ModelProtoReader.Parse(MetaGraphDef.Parser, bytes[..(bytes.Length / 2)], "'m.meta'", "a MetaGraphDef (.meta)"));
        Assert.StartsWith("'m.meta' is not a MetaGraphDef (.meta): it does not parse", e.Message);
    }
}
