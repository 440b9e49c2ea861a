using CsCheck;
using TfBnPort.FaultWorker;
using TfBnPort.Tensorflow;
using TfBnPort.Tests.Reliability.Support;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// A CsCheck property over the checkpoint readers, in this process: random byte damage to the
/// .index and .data of a small real checkpoint. list_variables, Saver.restore and load_variable
/// give the saved values or a CheckpointException, and a refused restore assigns nothing.
/// (Safe in-process: the project's own parser checks the index's block CRCs before TensorFlow
/// reads it, and TensorFlow checks each tensor's CRC. Forged indexes with valid CRCs, which
/// could reach TensorFlow's CHECKs, are probed in a child process: CheckpointForgeryTests.)
/// </summary>
public class CheckpointFuzzTests
{
    private static readonly Gen<(ByteMutation[] Index, ByteMutation[] Data)> Damage = Gen.Frequency(
        (2, ByteMutation.Several.Select(m => (m, Array.Empty<ByteMutation>()))),
        (2, ByteMutation.Several.Select(m => (Array.Empty<ByteMutation>(), m))),
        (1, Gen.Select(ByteMutation.Several, ByteMutation.Several)));

    [Fact]
    public void DamagedFilesGiveTheSavedValuesOrACheckpointException()
    {
        using var dir = new ScratchDir("ckpt-fuzz");
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallCheckpointModel.Build(withSavedValues: false);
        var saver = tf.train.Saver();
        using var sess = new Session(graph);
        sess.run(tf.global_variables_initializer());
        int restored = 0, refused = 0;
        Damage.Sample((indexDamage, dataDamage) =>
        {
            var prefix = ReferenceCheckpoint.Write(dir.Path,
                ByteMutation.ApplyAll(ReferenceCheckpoint.Index, indexDamage), ByteMutation.ApplyAll(ReferenceCheckpoint.Data, dataDamage));
            ListsOrRefuses(prefix);
            if (RestoresAllOrNothing(sess, saver, model, prefix)) restored++; else refused++;
            foreach (var key in SmallCheckpointModel.Saved.Keys) LoadsOrRefuses(prefix, key);
        }, iter: 600, threads: 1);
        Assert.True(restored > 0 && refused > 0, $"{restored} restored, {refused} refused: the damage should sometimes be harmless");
    }

    private static void ListsOrRefuses(string prefix)
    {
        try
        {
            var listed = tf.train.list_variables(prefix).Select(v => v.Name);
            Assert.Equal(SmallCheckpointModel.Saved.Keys.Order(StringComparer.Ordinal), listed);
        }
        catch (CheckpointException e) { Assert.Equal(prefix, e.CheckpointPath); }
    }

    /// <summary>True when restored (every value as saved); false when refused (every variable still zeros).</summary>
    private static bool RestoresAllOrNothing(Session sess, Saver saver, SmallCheckpointModel model, string prefix)
    {
        sess.run(model.Reset);
        try
        {
            saver.restore(sess, prefix);
            Assert.Null(model.Differs(sess, key => SmallCheckpointModel.Saved[key]));
            return true;
        }
        catch (CheckpointException)
        {
            Assert.Null(model.Differs(sess, key => SmallCheckpointModel.Zeros(SmallCheckpointModel.Saved[key])));
            return false;
        }
    }

    private static void LoadsOrRefuses(string prefix, string key)
    {
        try
        {
            var value = TensorValue.FromNDArray(tf.train.load_variable(prefix, key));
            Assert.Equal(SmallCheckpointModel.Saved[key].Data, value.Data);
        }
        catch (CheckpointException) { }
    }
}
