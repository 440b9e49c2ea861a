using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tests.Notebooks;

namespace TfBnPort.Tests.Interop;

/// <summary>
/// A .meta and V2 checkpoint written by Python TensorFlow (not by this project): TensorFlow's own
/// session_bundle test export half_plus_two_ckpt_v2 (see Fixtures/python-tf1/README.md). Its source,
/// export_half_plus_two.py, builds y = a·x + b with a = 0.5, b = 2 behind tf.parse_example, saved by a
/// sharded V2 Saver under the keys "a" and "b"; session_bundle_test.py asserts y = [2, 2.5, 3, 3.5] for
/// x = [0, 1, 2, 3], fed both as x:0 and as serialized tf.Example protos.
/// </summary>
public class PythonWrittenMetaGraphTests
{
    private static string Fixture(string file) =>
        Path.Combine(NotebookTests.RepoRoot(), "tests", "TfBnPort.Tests", "Interop", "Fixtures", "python-tf1", "half_plus_two_ckpt_v2", file);

    private static readonly float[] Expected = { 2f, 2.5f, 3f, 3.5f };

    [Fact]
    public void ImportsRestoresAndComputesWhatItsSourceAsserts()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(Fixture("export.meta"));
        Assert.NotNull(saver);
        Assert.True(saver!.Sharded, "export_half_plus_two.py builds its Saver with sharded=True");
        Assert.Equal(new[] { "a", "b" }, saver.Keys); // traced from save/RestoreV2's tensor_names
        using var sess = tf.Session(graph);
        saver.restore(sess, Fixture("export"));

        var x = graph.get_tensor_by_name("x:0");
        var y = graph.get_tensor_by_name("y:0");
        var viaX = sess.run(y, new FeedDict { { x, new float[,] { { 0 }, { 1 }, { 2 }, { 3 } } } });
        Assert.Equal(Expected, viaX.ToArray<float>());

        // The regression signature's path: serialized tf.Example protos through ParseExample.
        var examples = new[] { 0f, 1f, 2f, 3f }.Select(SerializedExample).ToArray();
        var serialized = graph.get_tensor_by_name("tf_example:0");
        var viaExamples = sess.run(y, new FeedDict { { serialized, new TensorValue(DType.String, new long[] { 4 }, Array.Empty<byte>(), examples) } });
        Assert.Equal(Expected, viaExamples.ToArray<float>());

        // The variables came back from the VariableDefs of its "variables" collection, with the stored values.
        var a = tf.global_variables().Single(v => v.Name == "a:0");
        var b = tf.global_variables().Single(v => v.Name == "b:0");
        Assert.Equal(0.5f, sess.run(a.Snapshot).GetSingle());
        Assert.Equal(2.0f, sess.run(b.Snapshot).GetSingle());
    }

    [Fact]
    public void ItsCollectionsComeBackByKind()
    {
        var meta = MetaGraphFile.Read(Fixture("export.meta"));
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.train.import_meta_graph(meta);
        foreach (var (key, def) in meta.CollectionDef)
        {
            var expected = def.KindCase switch
            {
                Tensorflow.Protos.CollectionDef.KindOneofCase.NodeList => def.NodeList.Value.Count,
                Tensorflow.Protos.CollectionDef.KindOneofCase.BytesList => def.BytesList.Value.Count,
                Tensorflow.Protos.CollectionDef.KindOneofCase.AnyList => def.AnyList.Value.Count,
                Tensorflow.Protos.CollectionDef.KindOneofCase.Int64List => def.Int64List.Value.Count,
                Tensorflow.Protos.CollectionDef.KindOneofCase.FloatList => def.FloatList.Value.Count,
                _ => 0,
            };
            Assert.True(expected == tf.get_collection(key).Count, $"collection '{key}' ({def.KindCase}): {expected} in the file, {tf.get_collection(key).Count} in the graph");
        }
        // Node lists name ops ("serving_init_op") or tensors; both resolve to graph objects.
        Assert.All(tf.get_collection("serving_init_op"), item => Assert.IsType<Operation>(item));
    }

    /// <summary>
    /// The second fixture: TensorFlow 1.2.1's profiler test model (core/profiler/internal/testdata/ckpt.*), built for
    /// a GPU. tfprof_stats_test.cc's TestShowTensorValue records its 3x3x3x6 variable DW (162 parameters) from the
    /// checkpoint, printed to 6 significant digits, and 451 parameters in all.
    /// </summary>
    [Fact]
    public void ATf12GpuGraphImportsWithClearDevicesAndRestoresItsRecordedValues()
    {
        var folder = Path.GetDirectoryName(Fixture("x"))!.Replace("half_plus_two_ckpt_v2", "profiler_ckpt");
        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(Path.Combine(folder, "ckpt.meta"), clear_devices: true)!;
        Assert.All(graph.as_graph_def().Node, node => Assert.Equal("", node.Device)); // it was written with gpu:0 placements
        using var sess = tf.Session(graph);
        saver.restore(sess, Path.Combine(folder, "ckpt"));

        var dw = tf.global_variables().Single(v => v.Name == "DW:0");
        Assert.Equal(new long[] { 3, 3, 3, 6 }, dw.Shape.Dims);
        var values = sess.run(dw.Snapshot).ToArray<float>();
        var recorded = new[] { -0.000534315, -0.00089602, -0.000417239, 0.00041444, 0.000780691, -0.000559057, -0.000234623, 0.00013393 };
        for (var i = 0; i < recorded.Length; i++)
            Assert.True(Math.Abs(values[i] - recorded[i]) <= 5e-6 * Math.Abs(recorded[i]), $"DW[{i}] = {values[i]:R}, tfprof recorded {recorded[i]}");
        Assert.Equal(451, tf.global_variables().Sum(v => v.Shape.NumElements));
    }

    /// <summary>tf.train.Example { features { feature { key: "x" value { float_list { value: [x] } } } } }, encoded by hand.</summary>
    private static byte[] SerializedExample(float x)
    {
        static byte[] Field(int number, byte[] payload) => new[] { (byte)(number << 3 | 2), (byte)payload.Length }.Concat(payload).ToArray();
        var floatList = Field(1, BitConverter.GetBytes(x));                          // FloatList.value, packed
        var feature = Field(2, floatList);                                              // Feature.float_list
        var entry = Field(1, new[] { (byte)'x' }).Concat(Field(2, feature)).ToArray(); // map<string, Feature> entry
        var example = Field(1, Field(1, entry));                                        // Example.features → Features.feature
        return example;
    }
}
