using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Reliability.Support;
using static TfBnPort.FaultWorker.CraftedModels;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>Paths a model names beside its graph: the `checkpoint` state file's prefixes and a SavedModel's asset files.</summary>
public class ModelPathsTests
{
    [Fact]
    public void ACheckpointStateNamingAPrefixOutsideTheDirectoryIsRefused()
    {
        using var dir = new ScratchDir("model-paths");
        File.WriteAllText(dir["checkpoint"], "model_checkpoint_path: \"/etc/elsewhere/model.ckpt\"\nall_model_checkpoint_paths: \"model.ckpt-1\"\n");
        Assert.Equal(["/etc/elsewhere/model.ckpt"], ModelPaths.EscapingCheckpointStatePaths(dir.Path));
        var e = Assert.Throws<UnsafeModelException>(() => ModelPaths.EnforceCheckpointInside(dir.Path, null, "m.meta", ModelLoadOptions.Safe));
        Assert.Contains("'/etc/elsewhere/model.ckpt' is outside the model's directory", e.Message);
        ModelPaths.EnforceCheckpointInside(dir.Path, null, "m.meta", ModelLoadOptions.Trusted);
    }

    [Fact]
    public void RelativeStatePathsInsideTheDirectoryPass()
    {
        using var dir = new ScratchDir("model-paths");
        File.WriteAllText(dir["checkpoint"], "model_checkpoint_path: \"model.ckpt-2\"\nall_model_checkpoint_paths: \"model.ckpt-1\"\nall_model_checkpoint_paths: \"model.ckpt-2\"\n");
        Assert.Empty(ModelPaths.EscapingCheckpointStatePaths(dir.Path));
        ModelPaths.EnforceCheckpointInside(dir.Path, dir["model.ckpt-2"], "m.meta", ModelLoadOptions.Safe);
        Assert.Throws<UnsafeModelException>(() => ModelPaths.EnforceCheckpointInside(dir.Path, dir["../x/model.ckpt"], "m.meta", ModelLoadOptions.Safe));
    }

    [Fact]
    public void AnAssetClimbingOutOfTheAssetsDirectoryIsFlagged()
    {
        var meta = MetaWithSaver();
        meta.AssetFileDef.Add(new AssetFileDef { Filename = "vocab.txt", TensorInfo = new TensorInfo { Name = "Const_1:0" } });
        meta.AssetFileDef.Add(new AssetFileDef { Filename = "../../../etc/passwd", TensorInfo = new TensorInfo { Name = "Const_2:0" } });
        var node = Assert.Single(ModelSafety.Inspect(meta, "saved_model.pb", "/models/sm").Nodes);
        Assert.Equal(("Const_2:0", OpRisk.FileSystem), (node.Node, node.Risk));
    }
}
