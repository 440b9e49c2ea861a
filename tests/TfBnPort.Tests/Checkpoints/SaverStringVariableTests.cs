using TfBnPort.Tensorflow;
using static TfBnPort.Tests.Checkpoints.CheckpointTestSupport;

namespace TfBnPort.Tests.Checkpoints;

/// <summary>
/// String variables: TensorFlow stores them as varint lengths, a checksum of the lengths, then the
/// bytes, and checksums that layout differently from numbers. The pre-restore CRC check must
/// accept what TensorFlow wrote and refuse a damaged copy.
/// </summary>
public class SaverStringVariableTests
{
    private static (Graph Graph, Variable S, Saver Saver, Session Sess) Build(string[] values)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var s = tf.Variable(TensorValue.FromStrings(values, new long[] { values.Length }), name: "s");
        var saver = tf.train.Saver();
        var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        return (graph, s, saver, sess);
    }

    [Fact]
    public void AStringVariableRoundTripsAndADamagedOneIsRefusedBeforeRestore()
    {
        using var dir = new TempCheckpointDir();
        var saved = new[] { "ab", "", "cde" };
        string prefix;
        var (g1, _, saver1, sess1) = Build(saved);
        using (g1) using (sess1) prefix = saver1.save(sess1, dir["model.ckpt"]);

        var (g2, s, saver2, sess2) = Build(new[] { "x", "y", "z" });
        using var graph = g2;
        using var sess = sess2;
        saver2.restore(sess, prefix);
        Assert.Equal(saved, ValueOf(sess, s).ToStrings());

        var data = prefix + ".data-00000-of-00001";
        var bytes = File.ReadAllBytes(data);
        bytes[^1] ^= 0x01; // the last byte of "cde"
        File.WriteAllBytes(data, bytes);
        using (graph.as_default()) sess.run(tf.assign(s, TensorValue.FromStrings(new[] { "x", "y", "z" }, new long[] { 3 })).Op);
        var e = Assert.Throws<CheckpointException>(() => saver2.restore(sess, prefix));
        Assert.Contains($"its data file '{data}' is damaged: the bytes of 's'", e.Message);
        Assert.Equal(new[] { "x", "y", "z" }, ValueOf(sess, s).ToStrings());

        var load = Assert.Throws<CheckpointException>(() => tf.train.load_variable(prefix, "s"));
        Assert.Contains("it is a string tensor", load.Message);
    }
}
