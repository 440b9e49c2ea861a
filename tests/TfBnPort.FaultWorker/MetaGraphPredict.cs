using System.Runtime.InteropServices;
using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.FaultWorker;

/// <summary>
/// `meta-predict META PREFIX INPUT_TENSOR INPUT_FILE OUTPUT_TENSOR OUTPUT_FILE`: in a fresh process, imports a
/// .meta with tf.train.import_meta_graph, restores PREFIX with the Saver it returns, feeds INPUT_FILE (raw
/// little-endian float32 rows of 784) to INPUT_TENSOR and writes OUTPUT_TENSOR's float32 bytes to OUTPUT_FILE.
/// </summary>
internal static class MetaGraphPredict
{
    public static int Run(string metaPath, string prefix, string inputTensor, string inputFile, string outputTensor, string outputFile)
    {
        var pixels = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(inputFile)).ToArray();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var saver = tf.train.import_meta_graph(metaPath) ?? throw new InvalidOperationException($"{metaPath} has no saver_def and no variables.");
        using var sess = tf.Session(graph);
        saver.restore(sess, prefix);
        var input = np.array(pixels).reshape(pixels.Length / 784, 784);
        var output = sess.run(graph.get_tensor_by_name(outputTensor), new FeedDict { { graph.get_tensor_by_name(inputTensor), input } });
        File.WriteAllBytes(outputFile, MemoryMarshal.AsBytes(output.ToArray<float>().AsSpan()).ToArray());
        Console.WriteLine($"predicted {output.shape[0]} rows");
        return 0;
    }
}
