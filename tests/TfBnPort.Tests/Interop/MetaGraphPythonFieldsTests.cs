using Google.Protobuf;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Reliability.Support;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// The .meta Saver.save writes for geron-dnn's training graph holds what TF 1.15's Python writes for the same
/// graph; each expected value cites the Python source (tensorflow/python/... at v1.15.0) that decides it.
/// </summary>
public class MetaGraphPythonFieldsTests
{
    private static MetaGraphDef SavedMeta(out GeronDnnGraph g, ScratchDir dir)
    {
        g = GeronDnnGraph.Build(seed: 42);
        using var sess = tf.Session(g.Graph);
        sess.run(g.init);
        var prefix = g.saver.save(sess, dir["model.ckpt"]);
        return MetaGraphFile.Read(prefix + ".meta");
    }

    [Fact]
    public void SaverDefHasPythonsNamesAndDefaults()
    {
        using var dir = new ScratchDir("meta-fields-saver");
        var meta = SavedMeta(out var g, dir);
        using var graph = g.Graph;
        // training/saver.py BaseSaverBuilder._build_internal: SaverDef(filename_tensor_name=filename_tensor.name,
        // save_tensor_name=save_tensor.name, restore_op_name=restore_op.name, ...) where, for a non-sharded V2
        // Saver under name scope "save": filename_tensor is the PlaceholderWithDefault "save/Const", save_tensor
        // _AddSaveOps' control_flow_ops.with_dependencies(...) "save/control_dependency", restore_op the group
        // "save/restore_all". Saver.__init__ defaults: max_to_keep=5, keep_checkpoint_every_n_hours=10000.0,
        // sharded=False, write_version=saver_pb2.SaverDef.V2.
        var expected = new SaverDef
        {
            FilenameTensorName = "save/Const:0",
            SaveTensorName = "save/control_dependency:0",
            RestoreOpName = "save/restore_all",
            MaxToKeep = 5,
            Sharded = false,
            KeepCheckpointEveryNHours = 10000f,
            Version = SaverDef.Types.CheckpointFormatVersion.V2,
        };
        Assert.Equal(expected, meta.SaverDef);
        Assert.Equal(expected, g.saver.as_saver_def());
    }

    [Fact]
    public void CollectionsHavePythonsNamesAndKinds()
    {
        using var dir = new ScratchDir("meta-fields-collections");
        var meta = SavedMeta(out var g, dir);
        using var graph = g.Graph;
        // framework/meta_graph.py add_collection_def: collections with a registered to_proto become bytes_list
        // (ops/resource_variable_ops.py registers variables/trainable_variables; ops/control_flow_ops.py
        // cond_context), anything else is kind-named by _get_kind_name: ops and tensors → node_list.
        var kinds = meta.CollectionDef.ToDictionary(kv => kv.Key, kv => kv.Value.KindCase);
        Assert.Equal(new Dictionary<string, CollectionDef.KindOneofCase>
        {
            ["variables"] = CollectionDef.KindOneofCase.BytesList,
            ["trainable_variables"] = CollectionDef.KindOneofCase.BytesList,
            ["update_ops"] = CollectionDef.KindOneofCase.NodeList,
            ["train_op"] = CollectionDef.KindOneofCase.NodeList,
            ["cond_context"] = CollectionDef.KindOneofCase.BytesList,
        }, kinds);
        // training/optimizer.py apply_gradients appends the returned op to ops.GraphKeys.TRAIN_OP: "train/GradientDescent".
        Assert.Equal(new[] { "train/GradientDescent" }, meta.CollectionDef["train_op"].NodeList.Value);
        // 3 layers × (moving_mean, moving_variance), each the Merge of keras BatchNormalization's
        // smart_cond(training, update, identity); node_list values are x.name of what the collection holds.
        Assert.Equal(6, meta.CollectionDef["update_ops"].NodeList.Value.Count);
        Assert.All(meta.CollectionDef["update_ops"].NodeList.Value, name => Assert.Matches(@"^dnn/batch_normalization(_\d)?/cond_[23]/Merge(:0)?$", name));
        Assert.Equal(18, meta.CollectionDef["variables"].BytesList.Value.Count); // 3 × (kernel, bias) + 3 × (gamma, beta, moving_mean, moving_variance)
        Assert.Equal(12, meta.CollectionDef["trainable_variables"].BytesList.Value.Count);
    }

    [Fact]
    public void VariableDefsAreWhatRefVariableToProtoWrites()
    {
        using var dir = new ScratchDir("meta-fields-variables");
        var meta = SavedMeta(out var g, dir);
        using var graph = g.Graph;
        var defs = meta.CollectionDef["variables"].BytesList.Value.Select(b => VariableDef.Parser.ParseFrom(b)).ToDictionary(d => d.VariableName);

        // ops/variables.py RefVariable.to_proto: variable_name = self._variable.name ("op:0"), initializer_name =
        // self.initializer.name (the "Assign" built in _init_from_args), snapshot_name = self._snapshot.name (the
        // "read" Identity), initial_value_name = self._initial_value.name (for get_variable, built under
        // name_scope("Initializer")), trainable; synchronization AUTO and aggregation NONE are both 0;
        // is_resource is only set by ResourceVariable.to_proto.
        var kernel = defs["hidden1/kernel:0"];
        Assert.Equal("hidden1/kernel/Assign", kernel.InitializerName);
        Assert.Equal("hidden1/kernel/read:0", kernel.SnapshotName);
        Assert.StartsWith("hidden1/kernel/Initializer/", kernel.InitialValueName);
        Assert.NotNull(graph.get_tensor_by_name(kernel.InitialValueName));
        Assert.True(kernel.Trainable);
        Assert.False(kernel.IsResource);
        Assert.Equal(VariableSynchronization.Auto, kernel.Synchronization);
        Assert.Equal(VariableAggregation.None, kernel.Aggregation);
        Assert.Null(kernel.SaveSliceInfoDef);

        // keras BatchNormalization's moving_mean: trainable=False, initialized with zeros.
        var movingMean = defs["batch_normalization/moving_mean:0"];
        Assert.False(movingMean.Trainable);
        Assert.Equal("batch_normalization/moving_mean/Assign", movingMean.InitializerName);
        Assert.Equal("batch_normalization/moving_mean/read:0", movingMean.SnapshotName);
        Assert.Equal("batch_normalization/moving_mean/Initializer/zeros:0", movingMean.InitialValueName);
        // Identical bytes in both collections: meta_graph.import_scoped_meta_graph shares one Variable object per value.
        Assert.Contains(meta.CollectionDef["trainable_variables"].BytesList.Value, b => b.Equals(VariableDefs.ToProto(
            graph.GetCollection(GraphKeys.TRAINABLE_VARIABLES).OfType<Variable>().First()).ToByteString()));
    }

    [Fact]
    public void CondContextDefsAreWhatCondContextToProtoWrites()
    {
        using var dir = new ScratchDir("meta-fields-cond");
        var meta = SavedMeta(out var g, dir);
        using var graph = g.Graph;
        var contexts = meta.CollectionDef["cond_context"].BytesList.Value.Select(b => CondContextDef.Parser.ParseFrom(b)).ToList();
        // ops/control_flow_ops.py cond(): CondContext(pred, pivot_1, branch=1) then CondContext(pred, pivot_2, branch=0),
        // each named graph.unique_name("cond_text") in the cond's name scope; pivots "switch_t"/"switch_f", pred "pred_id";
        // CondContext.__init__ records pred as an external value of itself; to_proto sorts the values.
        var first = contexts[0];
        var scope = first.ContextName[..first.ContextName.LastIndexOf('/')];
        Assert.Equal($"{scope}/cond_text", first.ContextName);
        Assert.Equal($"{scope}/pred_id:0", first.PredName);
        Assert.Equal($"{scope}/switch_t:0", first.PivotName);
        Assert.Equal(1, first.Branch);
        Assert.Equal(first.PredName, first.ValuesDef.ExternalValues[first.PredName]);
        Assert.Equal(first.ValuesDef.Values.OrderBy(v => v, StringComparer.Ordinal), first.ValuesDef.Values);
        var second = contexts[1];
        Assert.Equal($"{scope}/cond_text_1", second.ContextName);
        Assert.Equal($"{scope}/switch_f:0", second.PivotName);
        Assert.Equal(0, second.Branch);
        // Only outermost conds are in the collection (cond() adds them when context_t.outer_context is None).
        Assert.All(contexts, c => Assert.Empty(c.NestedContexts));
    }

    [Fact]
    public void MetaInfoDefNamesTheRuntimeAndTheOpsUsed()
    {
        using var dir = new ScratchDir("meta-fields-info");
        var meta = SavedMeta(out var g, dir);
        using var graph = g.Graph;
        // meta_graph.create_meta_graph_def: tensorflow_version = versions.__version__, tensorflow_git_version =
        // versions.__git_version__ (here the loaded library's TF_Version() and tf_git_version()).
        Assert.Equal("1.15.0", meta.MetaInfoDef.TensorflowVersion);
        Assert.False(string.IsNullOrEmpty(meta.MetaInfoDef.TensorflowGitVersion));
        Assert.NotEqual("unknown", meta.MetaInfoDef.TensorflowGitVersion);
        // stripped_op_list_for_graph: the registered OpDefs of exactly the ops used, sorted by name.
        var used = meta.GraphDef.Node.Select(n => n.Op).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(used, meta.MetaInfoDef.StrippedOpList.Op.Select(o => o.Name));
        Assert.Contains("VariableV2", used);
        Assert.Contains("SaveV2", used);
        Assert.Contains("Merge", used);
        Assert.All(meta.MetaInfoDef.StrippedOpList.Op, op => Assert.Equal("", op.Summary + op.Description));
        // export_scoped_meta_graph / Saver.export_meta_graph: graph.as_graph_def(add_shapes=True).
        var dense = meta.GraphDef.Node.Single(n => n.Name == "dnn/hidden1/MatMul");
        var shape = Assert.Single(dense.Attr["_output_shapes"].List.Shape);
        Assert.Equal(new long[] { -1, 300 }, shape.Dim.Select(d => d.Size));
        Assert.False(meta.MetaInfoDef.StrippedDefaultAttrs);
    }

    [Fact]
    public void StrippedDefaultAttrsStillImportAndCompute()
    {
        var g = GeronDnnGraph.Build(seed: 42, withTraining: false);
        using var graph = g.Graph;
        var full = tf.train.export_meta_graph(graph: graph);
        var stripped = tf.train.export_meta_graph(graph: graph, strip_default_attrs: true);
        Assert.True(stripped.MetaInfoDef.StrippedDefaultAttrs);
        Assert.True(stripped.GraphDef.CalculateSize() < full.GraphDef.CalculateSize());
        // Assign's validate_shape defaults to true (state_ops.cc); stripped, it is gone from every Assign.
        Assert.All(stripped.GraphDef.Node.Where(n => n.Op == "Assign"), n => Assert.False(n.Attr.ContainsKey("validate_shape")));

        using var fresh = new Graph();
        using var _ = fresh.as_default();
        Assert.NotNull(tf.train.import_meta_graph(stripped));
        Assert.Equal("Assign", fresh.get_operation_by_name("hidden1/kernel/Assign").Type);
        Assert.True(fresh.get_operation_by_name("hidden1/kernel/Assign").Attr<bool>("validate_shape")); // filled back by the importer
    }

    [Fact]
    public void CollectionListAndTextFormatAreHonoured()
    {
        var g = GeronDnnGraph.Build(seed: 42);
        using var graph = g.Graph;
        using var dir = new ScratchDir("meta-fields-text");
        var meta = tf.train.export_meta_graph(dir["model.meta.pbtxt"], graph: graph, collection_list: new[] { "train_op" }, as_text: true,
            saver_def: g.saver.saver_def);
        Assert.Equal(new[] { "train_op" }, meta.CollectionDef.Keys);
        var text = File.ReadAllText(dir["model.meta.pbtxt"]);
        Assert.StartsWith("meta_info_def {\n  stripped_op_list {\n    op {\n", text);
        Assert.Contains("saver_def {\n  filename_tensor_name: \"save/Const:0\"\n  save_tensor_name: \"save/control_dependency:0\"\n", text);
        Assert.Contains("  version: V2\n}\n", text);
        Assert.Contains("collection_def {\n  key: \"train_op\"\n  value {\n    node_list {\n      value: \"train/GradientDescent\"\n", text);
    }

    [Fact]
    public void WriteMetaGraphFalseWritesNoMetaFile()
    {
        var g = GeronDnnGraph.Build(seed: 42, withTraining: false);
        using var graph = g.Graph;
        using var sess = tf.Session(graph);
        sess.run(g.init);
        using var dir = new ScratchDir("meta-fields-nometa");
        var prefix = g.saver.save(sess, dir["model.ckpt"], write_meta_graph: false);
        Assert.False(File.Exists(prefix + ".meta"));
        Assert.True(File.Exists(prefix + ".index"));
    }

    [Fact]
    public void FilesThatAreNotMetaGraphsAreRefusedClearly()
    {
        using var dir = new ScratchDir("meta-fields-bad");
        File.WriteAllBytes(dir["garbage.meta"], new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2 });
        var garbage = Assert.Throws<IOException>(() => tf.train.import_meta_graph(dir["garbage.meta"]));
        Assert.Contains("garbage.meta", garbage.Message);
        Assert.Contains("not a binary MetaGraphDef", garbage.Message);

        var g = GeronDnnGraph.Build(seed: 42, withTraining: false);
        using var graph = g.Graph;
        var bytes = tf.train.export_meta_graph(graph: graph).ToByteArray();
        File.WriteAllBytes(dir["truncated.meta"], bytes[..(bytes.Length / 2)]);
        Assert.Throws<IOException>(() => tf.train.import_meta_graph(dir["truncated.meta"]));

        var missing = Assert.Throws<FileNotFoundException>(() => tf.train.import_meta_graph(dir["nowhere.meta"]));
        Assert.Contains("nowhere.meta does not exist", missing.Message);
    }

    [Fact]
    public void AnOpUnknownToTheRuntimeIsNamedWithTheWritersVersion()
    {
        var g = GeronDnnGraph.Build(seed: 42, withTraining: false);
        using var graph = g.Graph;
        var meta = tf.train.export_meta_graph(graph: graph);
        meta.MetaInfoDef.TensorflowVersion = "1.99.0";
        meta.GraphDef.Node.Add(new NodeDef { Name = "future", Op = "FutureOpFrom199" });
        using var fresh = new Graph();
        using var _ = fresh.as_default();
        var e = Assert.Throws<ValueError>(() => tf.train.import_meta_graph(meta));
        Assert.Contains("FutureOpFrom199", e.Message);
        Assert.Contains("TensorFlow 1.99.0", e.Message);
        Assert.Contains("TensorFlow 1.15.0", e.Message);
    }
}
