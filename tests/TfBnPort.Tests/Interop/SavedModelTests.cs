using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Checkpoints;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// SavedModel written by simple_save / SavedModelBuilder and loaded back by TensorFlow's own loader
/// (TF_LoadSessionFromSavedModel). Layout and messages are TF 1.15's (builder_impl.py, simple_save.py,
/// constants.py); outputs are <see cref="TinyModel"/>'s hand-computed values.
/// </summary>
public class SavedModelTests
{
    [Fact]
    public void SimpleSaveWritesTheTf115LayoutAndTensorflowsLoaderRunsIt()
    {
        using var dir = new TempCheckpointDir();
        var export = dir["export"];
        var model = TinyModel.Build();
        using (var sess = model.InitializedSession())
            tf.saved_model.simple_save(sess, export, new Dictionary<string, Tensor> { ["x"] = model.x }, new Dictionary<string, Tensor> { ["y"] = model.y });

        Assert.Equal(new[] { "saved_model.pb", "variables" }, Entries(export));
        Assert.Equal(new[] { "variables.data-00000-of-00001", "variables.index" }, Entries(Path.Combine(export, "variables")));
        Assert.Equal(new[] { "export" }, dir.Entries()); // the staging directory was renamed, not left beside it

        using var graph = new Graph();
        using var loaded = tf.Session(graph);
        var meta = tf.saved_model.loader.load(loaded, [tf.saved_model.tag_constants.SERVING], export);

        var signature = meta.SignatureDef["serving_default"];
        Assert.Equal("tensorflow/serving/predict", signature.MethodName);
        Assert.Equal("x:0", signature.Inputs["x"].Name);
        Assert.Equal(DataType.DtFloat, signature.Inputs["x"].Dtype);
        Assert.Equal(new long[] { -1, 2 }, signature.Inputs["x"].TensorShape.Dim.Select(d => d.Size));
        Assert.Equal(new[] { "serve" }, meta.MetaInfoDef.Tags);
        Assert.Equal("save/restore_all", meta.SaverDef.RestoreOpName); // the builder's own Saver, in the free "save" scope
        var x = graph.get_tensor_by_name(signature.Inputs["x"].Name);
        var y = graph.get_tensor_by_name(signature.Outputs["y"].Name);
        Assert.Equal(TinyModel.Expected, loaded.run(y, new FeedDict { { x, TinyModel.X } }).ToArray<float>());
    }

    [Fact]
    public void ANonEmptyExportDirectoryIsRefusedAndLeftAsItWas()
    {
        using var dir = new TempCheckpointDir();
        var export = dir["export"];
        Directory.CreateDirectory(export);
        File.WriteAllText(Path.Combine(export, "keep.txt"), "mine");

        var e = Assert.Throws<ValueError>(() => tf.saved_model.builder.SavedModelBuilder(export));
        Assert.Equal("Export directory already exists, and isn't empty. Please choose a different export directory, " +
                     $"or delete all the contents of the specified directory: {export}", e.Message);
        Assert.Equal(new[] { "keep.txt" }, Entries(export));
        Assert.Equal(new[] { "export" }, dir.Entries());
    }

    [Fact]
    public void AFailedExportLeavesNothingBehind()
    {
        using var dir = new TempCheckpointDir();
        var model = TinyModel.Build();
        using var sess = tf.Session(model.Graph); // variables never initialized: saving them fails
        using (var builder = tf.saved_model.builder.SavedModelBuilder(dir["export"]))
            Assert.ThrowsAny<Exception>(() => builder.add_meta_graph_and_variables(sess, ["serve"]));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void BuilderWritesTextWhenAskedAndTheLoaderReadsIt()
    {
        using var dir = new TempCheckpointDir();
        var export = dir["export"];
        var model = TinyModel.Build();
        using (var sess = model.InitializedSession())
        using (var builder = tf.saved_model.builder.SavedModelBuilder(export))
        {
            var signature = tf.saved_model.signature_def_utils.predict_signature_def(
                new Dictionary<string, Tensor> { ["images"] = model.x }, new Dictionary<string, Tensor> { ["logits"] = model.y });
            builder.add_meta_graph_and_variables(sess, ["serve", "gpu"], new Dictionary<string, SignatureDef> { ["predict"] = signature });
            Assert.Equal(Path.Combine(export, "saved_model.pbtxt"), builder.save(as_text: true));
        }
        Assert.StartsWith("saved_model_schema_version: 1\nmeta_graphs {\n  meta_info_def {\n", File.ReadAllText(Path.Combine(export, "saved_model.pbtxt")));

        using var graph = new Graph();
        using var loaded = tf.Session(graph);
        var wrongTags = Assert.Throws<ModelFileException>(() => tf.saved_model.loader.load(loaded, ["serve"], export));
        Assert.Contains("Its tag-sets: ['serve', 'gpu']", wrongTags.Message);
        var meta = tf.saved_model.loader.load(loaded, ["gpu", "serve"], export);
        var y = graph.get_tensor_by_name(meta.SignatureDef["predict"].Outputs["logits"].Name);
        Assert.Equal(TinyModel.Expected, loaded.run(y, new FeedDict { { graph.get_tensor_by_name("x:0"), TinyModel.X } }).ToArray<float>());
    }

    private static string[] Entries(string path) =>
        Directory.EnumerateFileSystemEntries(path).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
}
