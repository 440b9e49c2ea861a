using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Distributed;

/// <summary>SyncReplicasOptimizer built and run in one process (the chief alone), checked against TF 1.15's token protocol.</summary>
public class SyncReplicasOptimizerTests
{
    /// <summary><paramref name="placed"/>: under replica_device_setter (graph checks); false: runnable in this process.</summary>
    private static (Graph Graph, Variable W, SyncReplicasOptimizer Opt, Operation Train, Variable Step) Build(int replicas, bool placed = true)
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        using var placement = placed ? tf.device(tf.train.replica_device_setter(ps_tasks: 1, worker_device: "/job:worker/task:0")) : null;
        var w = tf.Variable(0f, name: "w");
        var loss = tf.square(w.Snapshot - 3f);
        var step = tf.train.get_or_create_global_step();
        var opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.25), replicas_to_aggregate: replicas);
        var train = opt.minimize(loss, global_step: step);
        return (graph, w, opt, train, step);
    }

    [Fact]
    public void AccumulatorsLiveWithTheirVariablesAndTheLocalStepOnTheWorker()
    {
        var (graph, _, opt, train, _) = Build(2);
        using var g = graph;
        var accumulator = graph.Operations.Single(o => o.Type == "ConditionalAccumulator");
        Assert.Equal("/job:ps/task:0", accumulator.Device);
        Assert.Equal("w:0/grad_accum", accumulator.Attr<string>("shared_name"));
        Assert.Equal("/job:ps/task:0", graph.OperationByName("sync_token_q")!.Device); // global_step's device
        Assert.Equal("/job:worker/task:0", opt.local_step!.Device);                    // colocated with a worker no_op
        Assert.Contains(opt.local_step, graph.GetCollection(GraphKeys.LOCAL_VARIABLES).Cast<Variable>());
        Assert.Equal("Assign", train.Type);                                            // local_step = dequeued token
        Assert.Equal(2, opt.TokensPerStep);
    }

    [Fact]
    public void OneReplicaAppliesEveryStepButTheOneAfterTheInitialToken()
    {
        // Token protocol (hand-traced): step 1 pushes a gradient for local_step 0 and takes the initial
        // token (value 0); the chief's queue runner applies it (global_step 1) and enqueues token 1.
        // Step 2 still has local_step 0 < 1: the accumulator drops it as stale; it takes token 1.
        // From step 3 every gradient is applied. So after N steps global_step = N − 1 and, with
        // loss (w − 3)² and SGD 0.25 (w ← (w + 3)/2), w = 3 − 3/2^(N−1).
        var (graph, w, opt, train, step) = Build(1, placed: false);
        using var g = graph;
        using (graph.as_default())
        {
            using var sess = tf.train.MonitoredTrainingSession(hooks: new[] { opt.make_session_run_hook(is_chief: true) }, log: _ => { });
            for (var i = 0; i < 5; i++) sess.run(train);
            Assert.Equal(4L, sess.RawSession.run(step.Snapshot).GetInt64());
            Assert.Equal(3f - 3f / 16f, sess.RawSession.run(w.Snapshot).GetSingle(), 5);
        }
    }

    [Fact]
    public void GlobalStepIsRequired()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var w = tf.Variable(1f, name: "w");
        var opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 2);
        Assert.Equal("Global step is required to check staleness", Assert.Throws<ValueError>(() => opt.minimize(tf.square(w.Snapshot))).Message);
        Assert.Throws<ValueError>(() => opt.make_session_run_hook(true).begin());
    }
}
