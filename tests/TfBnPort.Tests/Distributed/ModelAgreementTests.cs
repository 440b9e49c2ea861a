using TfBnPort.Console.Cluster;
using TfBnPort.Samples;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// Workers whose graphs disagree: a ps in a child process (`tfbnport server --job ps`, killed by id when
/// the test ends) holds the chief's model; this process then connects with another graph, as a second
/// worker would, and the ModelAgreementHook's check runs against the ps's real variables.
/// </summary>
public class ModelAgreementTests
{
    private static void WithPs(Action<string> body)
    {
        var port = LocalCluster.FreePorts(1)[0];
        var cluster = ClusterSpec.Parse($"ps=localhost:{port};worker=localhost:{LocalCluster.FreePorts(1)[0]}");
        using var started = new ManualResetEventSlim();
        var log = new List<string>();
        using var children = new ChildProcesses(line =>
        {
            log.Add(line); // called under ChildProcesses' lock
            if (line.Contains("server started", StringComparison.Ordinal)) started.Set();
        });
        children.Start("ps:0", new[] { "server", "--cluster", cluster.ToCommandLine(), "--job", "ps", "--task", "0" });
        Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "the ps did not start within 60 s: " + string.Join(" | ", log));
        body($"grpc://localhost:{port}");
    }

    /// <summary>A graph with one variable hidden1/kernel of <paramref name="shape"/> on the ps, and the hook built in it.</summary>
    private static (Graph Graph, Variable Kernel, ModelAgreementHook Hook) Model(int[] shape, string task)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        Variable kernel;
        using (tf.device("/job:ps/task:0")) kernel = tf.Variable(tf.ones(shape), name: "hidden1/kernel");
        var hook = new ModelAgreementHook(task);
        hook.begin();
        return (graph, kernel, hook);
    }

    private static ConfigProto PsOnly()
    {
        var config = new ConfigProto { OperationTimeoutInMs = 30_000 };
        config.DeviceFilters.Add("/job:ps");
        return config;
    }

    [Fact]
    public void AWorkerWhoseVariableShapeDiffersFromThePsGetsAnErrorNamingBothTasksAndTheVariable()
    {
        WithPs(target =>
        {
            // The chief: creates and initializes hidden1/kernel [4,3] on the ps; its own check passes.
            var chief = Model(new[] { 4, 3 }, "/job:worker/task:0");
            using (chief.Graph)
            using (var sess = tf.Session(target, chief.Graph, PsOnly()))
            {
                sess.run(chief.Kernel.Initializer);
                chief.Hook.after_create_session(sess, new Coordinator());
            }
            // A worker built with the same shape agrees (the variable is the ps's: same name, same shape).
            var same = Model(new[] { 4, 3 }, "/job:worker/task:1");
            using (same.Graph)
            using (var sess = tf.Session(target, same.Graph, PsOnly()))
                same.Hook.after_create_session(sess, new Coordinator());
            // A worker whose graph says [5,3] for that name: TF would hand it the ps's [4,3] tensor.
            var other = Model(new[] { 5, 3 }, "/job:worker/task:1");
            using (other.Graph)
            using (var sess = tf.Session(target, other.Graph, PsOnly()))
            {
                var e = Assert.Throws<TensorflowException>(() => other.Hook.after_create_session(sess, new Coordinator()));
                Assert.Equal(TF_Code.InvalidArgument, e.Code);
                Assert.Contains("The graph of /job:worker/task:1 disagrees with the model on the ps that /job:worker/task:0 (the chief) created", e.Message);
                Assert.Contains("variable 'hidden1/kernel' (/job:ps/task:0) is [4,3] there but [5,3] in /job:worker/task:1's graph", e.Message);
                // Had that task initialized the variable (a chief restarted with another graph), TF's own
                // Assign (validate_shape) refuses; GraphDisagreement says what that means.
                var assign = Assert.Throws<TensorflowException>(() => sess.run(other.Kernel.Initializer));
                Assert.True(GraphDisagreement.IsShapeMismatch(assign), assign.Message);
                var explained = GraphDisagreement.Explain(assign, "/job:worker/task:1");
                Assert.Equal(TF_Code.InvalidArgument, explained.Code);
                Assert.StartsWith("The graph of /job:worker/task:1 disagrees with the model on the ps, which another task (the chief, /job:worker/task:0", explained.Message);
                Assert.Contains("variable 'hidden1/kernel' is [4,3] on the ps but [5,3] in /job:worker/task:1's graph", explained.Message);
            }
        });
    }
}
