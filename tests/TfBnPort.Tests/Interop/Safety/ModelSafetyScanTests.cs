using Google.Protobuf;
using TfBnPort.FaultWorker;
using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Samples.CnnManualBn;
using TfBnPort.Samples.ContribMlp;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;
using static TfBnPort.FaultWorker.CraftedModels;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>
/// The allowlist scan over crafted graphs: each expectation follows from the rule under test (an
/// op type outside the allowlist is flagged with its node; checkpoint paths must stay in the
/// model's directory), and the samples' own graphs, saver included, must pass untouched.
/// </summary>
public class ModelSafetyScanTests
{
    private const string Dir = "/models/m";

    public static TheoryData<string> Samples => new() { "geron-dnn", "bn-vs-nobn", "cnn-manual-bn", "contrib-mlp" };

    /// <summary>The allowlist was derived from these graphs: every node of every sample (training ops, saver) passes.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void EverySampleGraphWithItsSaverIsPureComputation(string sample)
    {
        var graph = sample switch
        {
            "geron-dnn" => GeronDnnGraph.Build(42).Graph,
            "bn-vs-nobn" => BnVsNoBnGraph.Build(42).graph,
            "cnn-manual-bn" => CnnManualBnGraph.Build(42).graph_cnn,
            _ => ContribMlpGraph.BuildInference().Graph,
        };
        using var _ = graph;
        var graphDef = GraphDef.Parser.ParseFrom(graph.ToGraphDef());
        Assert.Contains(graphDef.Node, n => n.Op == "SaveV2");
        var report = ModelSafety.Inspect(graphDef, "sample", Dir, ProjectSaver());
        Assert.True(report.IsPureComputation, string.Join("\n", report.Nodes));
    }

    [Fact]
    public void AWriteFileNodeIsFlaggedWithItsNameAndRefusedUnlessAllowed()
    {
        var report = ModelSafety.Inspect(Classifier(writeFileTo: "/tmp/x.txt"), "model.pb", Dir);
        var node = Assert.Single(report.Nodes);
        Assert.Equal(new RiskyNode("write_it", "WriteFile", OpRisk.FileSystem, "writes a file"), node);

        var e = Assert.Throws<UnsafeModelException>(() => report.ThrowIfRefused(ModelLoadOptions.Safe));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("WriteFile ('write_it': writes a file)", e.Message);
        Assert.Contains("--allow-ops WriteFile", e.Message);
        report.ThrowIfRefused(ModelLoadOptions.Safe with { AllowOps = ["WriteFile"] });
        report.ThrowIfRefused(ModelLoadOptions.Trusted);
    }

    [Fact]
    public void UnknownAndKnownRiskyOpsAreNamedByCategory()
    {
        var graph = Classifier();
        graph.Node.Add(Node("py", "PyFunc", []));
        graph.Node.Add(Node("dbg", "DebugIdentity", ["MatMul"], ("debug_urls", new AttrValue { List = new() { S = { ByteString.CopyFromUtf8("grpc://10.0.0.1:6064") } } })));
        graph.Node.Add(Node("custom", "MyCustomOp", []));
        graph.Node.Add(Node("files", "MatchingFiles", ["W"]));
        var risks = ModelSafety.Inspect(graph, "m", Dir).Nodes.ToDictionary(n => n.Node, n => n.Risk);
        Assert.Equal(new Dictionary<string, OpRisk>
        {
            ["py"] = OpRisk.Process, ["dbg"] = OpRisk.Network, ["custom"] = OpRisk.Unlisted, ["files"] = OpRisk.FileSystem,
        }, risks);
    }

    [Fact]
    public void PrintV2IsFlaggedOnlyWhenItWritesToAFile()
    {
        var graph = Classifier();
        graph.Node.Add(Node("to_stderr", "PrintV2", ["W"]));
        graph.Node.Add(Node("to_file", "PrintV2", ["W"], ("output_stream", new AttrValue { S = ByteString.CopyFromUtf8("file:///tmp/log.txt") })));
        var node = Assert.Single(ModelSafety.Inspect(graph, "m", Dir).Nodes);
        Assert.Equal(("to_file", OpRisk.FileSystem), (node.Node, node.Risk));
        Assert.Contains("/tmp/log.txt", node.Reason);
    }

    [Fact]
    public void APythonShapedSaverWithTheDefaultPathModelPasses()
    {
        var meta = MetaWithSaver("model"); // saver.py's default: relative to the .meta, fed by the loader
        Assert.True(ModelSafety.Inspect(meta, "m.meta", Dir).IsPureComputation);
    }

    /// <summary>
    /// simple_save and SavedModelBuilder add their own saver (save_1) beside the graph's tf.train.Saver (save):
    /// the second saver's ops run only when it is run, with a prefix fed, like the first's (saver.py's shape).
    /// </summary>
    [Fact]
    public void ASecondPythonShapedSaverPassesLikeTheFirst()
    {
        var meta = MetaWithSecondSaver("model");
        Assert.True(ModelSafety.Inspect(meta, "m.meta", Dir).IsPureComputation);
    }

    [Fact]
    public void ASecondSaverWhoseDefaultPathEscapesOrWhoseSaveTheLogitsDependOnIsFlagged()
    {
        var node = Assert.Single(ModelSafety.Inspect(MetaWithSecondSaver("/tmp/elsewhere/model"), "m.meta", Dir).Nodes);
        Assert.Equal("save_1/Const", node.Node);
        Assert.Contains("'/tmp/elsewhere/model' escapes the model's directory", node.Reason);

        var meta = MetaWithSecondSaver("model");
        meta.GraphDef.Node.Single(n => n.Name == "logits").Input.Add("^save_1/control_dependency");
        var writer = Assert.Single(ModelSafety.Inspect(meta, "m.meta", Dir).Nodes);
        Assert.Equal("save_1/SaveV2", writer.Node);
        Assert.Contains("whenever 'logits' runs", writer.Reason);

        // A float op named into the saver's scope is not the saver's bookkeeping: fetching it would write.
        var hidden = MetaWithSecondSaver("model");
        hidden.GraphDef.Node.Add(Node("save_1/logits", "Identity", ["logits", "^save_1/SaveV2"], ("T", Type(DataType.DtFloat))));
        Assert.Contains("whenever 'save_1/logits' runs", Assert.Single(ModelSafety.Inspect(hidden, "m.meta", Dir).Nodes).Reason);
    }

    /// <summary>MetaWithSaver plus a copy of its saver under "save_1", the way a second tf.train.Saver is named.</summary>
    private static MetaGraphDef MetaWithSecondSaver(string secondDefaultPath)
    {
        var meta = MetaWithSaver();
        foreach (var node in meta.GraphDef.Node.Where(n => n.Name.StartsWith("save/", StringComparison.Ordinal)).ToList())
        {
            var copy = node.Clone();
            copy.Name = "save_1/" + node.Name["save/".Length..];
            for (var i = 0; i < copy.Input.Count; i++)
                copy.Input[i] = copy.Input[i].Replace("save/", "save_1/");
            if (copy.Name == "save_1/filename/input") copy.Attr["value"] = StringConst("x", secondDefaultPath).Attr["value"];
            meta.GraphDef.Node.Add(copy);
        }
        return meta;
    }

    [Theory]
    [InlineData("../elsewhere/model")]
    [InlineData("/tmp/elsewhere/model")]
    public void ASaverDefaultPathEscapingTheDirectoryIsFlagged(string defaultPath)
    {
        var node = Assert.Single(ModelSafety.Inspect(MetaWithSaver(defaultPath), "m.meta", Dir).Nodes);
        Assert.Equal(("save/Const", OpRisk.FileSystem), (node.Node, node.Risk)); // the saver's filename tensor, whose default it is
        Assert.Contains($"'{defaultPath}' escapes the model's directory", node.Reason);
    }

    [Theory]
    [InlineData("/models/m/variables/variables", false)] // absolute, inside
    [InlineData("/models/other/ckpt", true)]             // outside
    [InlineData("ckpt", true)]                           // relative: TF resolves it against the working directory
    [InlineData("/models/m/../other/ckpt", true)]        // climbs out
    public void ARestoreFromAConstantPathMustStayInsideTheDirectory(string path, bool flagged)
    {
        var graph = Classifier();
        graph.Node.Add(StringConst("p", path));
        graph.Node.Add(StringConst("names", "v", 1));
        graph.Node.Add(StringConst("slices", "", 1));
        graph.Node.Add(Node("restore", "RestoreV2", ["p", "names", "slices"], ("dtypes", new AttrValue { List = new() { Type = { DataType.DtFloat } } })));
        var nodes = ModelSafety.Inspect(graph, "m.pb", Dir).Nodes;
        Assert.Equal(flagged, nodes.Count == 1);
        if (flagged) Assert.Equal("restore", nodes[0].Node);
    }

    [Fact]
    public void ARestorePathComputedByAnotherOpCannotBeCheckedAndIsFlagged()
    {
        var graph = Classifier();
        graph.Node.Add(Node("p", "Placeholder", [], ("dtype", Type(DataType.DtString))));
        graph.Node.Add(Node("p2", "StringStrip", ["p"]));
        graph.Node.Add(Node("restore", "RestoreV2", ["p2", "p", "p"]));
        var restore = ModelSafety.Inspect(graph, "m.pb", Dir).Nodes.Single(n => n.Node == "restore");
        Assert.Contains("computed by StringStrip 'p2'", restore.Reason);
    }

    [Fact]
    public void AShardedSaverSuffixThatClimbsOutIsFlagged()
    {
        var meta = MetaWithSaver();
        var graph = meta.GraphDef;
        graph.Node.Add(StringConst("save/suffix", "/../../outside/part"));
        graph.Node.Add(Node("save/StringJoin", "StringJoin", ["save/Const", "save/suffix"], ("N", new AttrValue { I = 2 })));
        graph.Node.Single(n => n.Name == "save/SaveV2").Input[0] = "save/StringJoin";
        var node = Assert.Single(ModelSafety.Inspect(meta, "m.meta", Dir).Nodes);
        Assert.Equal("save/SaveV2", node.Node);
        Assert.Contains("climbs out", node.Reason);
    }

    /// <summary>A SaveV2 the logits depend on would write on every prediction: only the saver's save path may hold writes.</summary>
    [Fact]
    public void ASaveThatTheLogitsDependOnIsFlagged()
    {
        var meta = MetaWithSaver();
        meta.GraphDef.Node.Single(n => n.Name == "logits").Input.Add("^save/SaveV2");
        var node = Assert.Single(ModelSafety.Inspect(meta, "m.meta", Dir).Nodes);
        Assert.Equal(("save/SaveV2", OpRisk.FileSystem), (node.Node, node.Risk));
        Assert.Contains("whenever 'logits' runs", node.Reason);
    }

    [Fact]
    public void RiskyOpsInsideLibraryFunctionsAreFlaggedWithTheFunctionName()
    {
        var graph = Classifier();
        var function = new FunctionDef { Signature = new OpDef { Name = "leak" } };
        function.NodeDef.Add(Node("read", "ReadFile", ["x"]));
        graph.Library = new FunctionDefLibrary { Function = { function } };
        var node = Assert.Single(ModelSafety.Inspect(graph, "m", Dir).Nodes);
        Assert.Equal(("leak/read", "ReadFile"), (node.Node, node.Op));
    }

    /// <summary>Sizes: [65536, 16384] float32 = 2^30 · 4 bytes = 4 GiB, over the 1 GiB default; [1024, 1024] float32 = 4 MiB is not.</summary>
    [Fact]
    public void ConstAndFillDeclaringMoreThanTheLimitAreFlagged()
    {
        var graph = Classifier();
        graph.Node.Add(Node("huge", "Const", [], ("dtype", Type(DataType.DtFloat)),
            ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = ShapeProto(65536, 16384) } })));
        graph.Node.Add(Node("dims", "Const", [], ("dtype", Type(DataType.DtInt32)),
            ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = ShapeProto(2), IntVal = { 65536, 16384 } } })));
        graph.Node.Add(Node("small_dims", "Const", [], ("dtype", Type(DataType.DtInt32)),
            ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = ShapeProto(2), IntVal = { 1024, 1024 } } })));
        graph.Node.Add(Node("zero", "Const", [], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtFloat } })));
        graph.Node.Add(Node("fill", "Fill", ["dims", "zero"], ("T", Type(DataType.DtFloat))));
        graph.Node.Add(Node("small_fill", "Fill", ["small_dims", "zero"], ("T", Type(DataType.DtFloat))));
        var nodes = ModelSafety.Inspect(graph, "m", Dir).Nodes;
        Assert.Equal(["huge", "fill"], nodes.Select(n => n.Node));
        Assert.All(nodes, n => Assert.Equal(OpRisk.Memory, n.Risk));
        Assert.Contains("4 GiB", nodes[0].Reason);
        Assert.Empty(ModelSafety.Inspect(graph, "m", Dir, options: ModelLoadOptions.Safe with { MaxTensorBytes = 8L << 30 }).Nodes);
    }

    /// <summary>The project's own Saver, as SaverGraph names it (save/Const:0, save/control_dependency:0).</summary>
    private static SaverDef ProjectSaver() => new() { FilenameTensorName = "save/Const:0", SaveTensorName = "save/control_dependency:0", RestoreOpName = "save/restore_all" };
}
