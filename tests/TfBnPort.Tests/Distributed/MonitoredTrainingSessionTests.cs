using NumSharp;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tests.Distributed;

/// <summary>MonitoredTrainingSession in one process (master ""): the chief's init/restore, hooks, the non-chief's bounded wait.</summary>
public class MonitoredTrainingSessionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tfbnport-mts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>w starts at 0; loss (w − 3)²; SGD 0.25: w ← w − 0.25·2(w − 3) = (w + 3)/2.</summary>
    private static (Graph Graph, Variable W, Operation Train, Tensor Loss) Build()
    {
        var graph = new Graph();
        using var _ = graph.as_default();
        var w = tf.Variable(0f, name: "w");
        var loss = tf.square(w.Snapshot - 3f);
        var step = tf.train.get_or_create_global_step();
        var train = tf.train.GradientDescentOptimizer(0.25).minimize(loss, global_step: step);
        return (graph, w, train, loss);
    }

    [Fact]
    public void ChiefInitializesStopsAtTheStepAndResumesFromItsCheckpoint()
    {
        var logged = new List<string>();
        var sessionLog = new List<string>();
        var (graph, w, train, loss) = Build();
        using (graph)
        {
            using (graph.as_default())
            {
                var hooks = new SessionRunHook[]
                {
                    new tf.train.StopAtStepHook(last_step: 4),
                    new tf.train.NanTensorHook(loss),
                    new tf.train.LoggingTensorHook(new Dictionary<string, Tensor> { ["loss"] = loss }, every_n_iter: 2, log: logged.Add),
                };
                using var sess = tf.train.MonitoredTrainingSession(is_chief: true, checkpoint_dir: _dir, hooks: hooks, save_checkpoint_steps: 2, log: sessionLog.Add);
                var steps = 0;
                while (!sess.should_stop()) { sess.run(train); steps++; }
                Assert.Equal(4, steps);
                // w after n steps: 3 − 3/2ⁿ → 2.8125 after 4. (run() refuses once stopped, as Python's _HookedSession.)
                Assert.Throws<InvalidOperationException>(() => sess.run(w.Snapshot));
                Assert.Equal(2.8125f, sess.RawSession.run(w.Snapshot).GetSingle(), 5);
            }
            Assert.Equal(2, logged.Count); // runs 0 and 2 (every_n_iter = 2)
            Assert.StartsWith("loss = 9", logged[0]); // (0 − 3)² before the first update
        }
        // Saved at creation (0), every 2 steps (2, 4); end() finds step 4 already saved.
        // Each save logged as TF's CheckpointSaverHook logs it (basic_session_run_hooks.py).
        Assert.Equal(new[] { 0, 2, 4 }.Select(n => $"Saving checkpoints for {n} into {Path.Combine(_dir, "model.ckpt")}."), sessionLog);
        Assert.Equal(Path.Combine(_dir, "model.ckpt-4"), tf.train.latest_checkpoint(_dir));
        Assert.True(File.Exists(Path.Combine(_dir, "model.ckpt-2.index")));

        // A new chief restores step 4 and w, then trains 2 more steps to last_step 6.
        var (graph2, w2, train2, _) = Build();
        using (graph2)
        using (graph2.as_default())
        {
            using var sess = tf.train.MonitoredTrainingSession(is_chief: true, checkpoint_dir: _dir,
                hooks: new[] { new tf.train.StopAtStepHook(num_steps: 2) }, save_checkpoint_steps: 100, log: _ => { });
            Assert.Equal(2.8125f, ((NDArray)sess.run(w2.Snapshot)!).GetSingle(), 5);
            while (!sess.should_stop()) sess.run(train2);
            Assert.Equal(6L, sess.RawSession.run(tf.train.get_global_step()!.Snapshot).GetInt64());
        }
        Assert.Equal(Path.Combine(_dir, "model.ckpt-6"), tf.train.latest_checkpoint(_dir)); // end() saved the last step
    }

    [Fact]
    public void NonChiefWaitsForReadinessWithinItsBound()
    {
        var (graph, _, _, _) = Build();
        using (graph)
        using (graph.as_default())
        {
            // In one process nobody else initializes this session's variables: the wait must end with a clear error.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var waits = new List<string>();
            var e = Assert.Throws<TensorflowException>(() => tf.train.MonitoredTrainingSession(is_chief: false, max_wait_secs: 2, log: waits.Add));
            Assert.Equal(TF_Code.DeadlineExceeded, e.Code);
            Assert.Contains("Session was not ready after waiting 2 secs", e.Message);
            Assert.Contains("global_step", e.Message); // report_uninitialized_variables names them
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 10);
            Assert.Contains(waits, m => m.StartsWith("Waiting for model to be ready", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void NanLossFailsTheRun()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, TensorShape.Scalar, name: "x");
        var step = tf.train.get_or_create_global_step();
        var inc = tf.assign_add(step, tf.constant(1L));
        using var sess = tf.train.MonitoredTrainingSession(hooks: new[] { new tf.train.NanTensorHook(x * 2f) }, log: _ => { });
        sess.run(inc, new FeedDict { { x, 1f } });
        var e = Assert.Throws<NanLossDuringTrainingError>(() => sess.run(inc, new FeedDict { { x, float.NaN } }));
        Assert.Equal("Model diverged with loss = NaN.", e.Message);
    }

    [Fact]
    public void ReportUninitializedVariablesNamesTheMissingOnes()
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.Variable(1f, name: "a");
        var b = tf.Variable(2f, name: "b");
        var report = tf.report_uninitialized_variables();
        using var sess = tf.Session(graph);
        Assert.Equal(new[] { "a", "b" }, (string[])sess.run((object)report)!);
        sess.run(a.Initializer);
        Assert.Equal(new[] { "b" }, (string[])sess.run((object)report)!);
        sess.run(b.Initializer);
        Assert.Empty((string[])sess.run((object)report)!);
    }
}
