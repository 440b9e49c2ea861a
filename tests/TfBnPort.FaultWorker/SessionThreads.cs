using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.FaultWorker;

/// <summary>
/// `threads INTRA INTER`: in a fresh process (TensorFlow sizes its process-wide thread pools from the first
/// session's ConfigProto), counts this process's OS threads before and after a first session runs an op, and
/// prints "threads BEFORE AFTER". Linux only (/proc/self/task).
/// </summary>
internal static class SessionThreads
{
    public static int Run(int intra, int inter)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var y = tf.constant(2f) * 3f; // loads the library and builds the graph before the first count
        var before = Count();
        using var sess = tf.Session(graph, new ConfigProto { IntraOpParallelismThreads = intra, InterOpParallelismThreads = inter });
        sess.run(y);
        Thread.Sleep(200); // Eigen's pool threads start asynchronously
        Console.WriteLine($"threads {before} {Count()}");
        return 0;
    }

    private static int Count() => Directory.GetDirectories("/proc/self/task").Length;
}
