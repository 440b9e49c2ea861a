using TfBnPort.Tensorflow.Native;

using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.SessionManager (python/training/session_manager.py): the chief's prepare_session
/// (restore the latest checkpoint, else run the init op) and the other workers' wait_for_session
/// (poll until the chief has made the model ready). Unlike Python's 30 s default, workers poll
/// every second so a cluster on one machine starts quickly.
/// </summary>
public sealed class SessionManager(Graph graph, tf.train.Scaffold scaffold, double recovery_wait_secs = 1)
{
    public Action<string> Log { get; init; } = message => Console.Error.WriteLine(message);

    /// <summary>Chief: a session whose model is ready, restored from <paramref name="checkpoint_dir"/>'s latest checkpoint if there is one.</summary>
    public Session prepare_session(string master, string? checkpoint_dir, ConfigProto? config)
    {
        var sess = new Session(master, graph, config);
        try
        {
            var latest = checkpoint_dir is null ? null : tf.train.latest_checkpoint(checkpoint_dir);
            if (latest is not null)
            {
                scaffold.saver!.restore(sess, latest);
                Log($"Restored the model from {latest}.");
            }
            else
            {
                if (scaffold.init_op is { } init) sess.run(init, scaffold.init_feed_dict);
                scaffold.init_fn?.Invoke(scaffold, sess);
            }
            var (localOk, localMessage) = TryLocalInit(sess);
            if (!localOk) throw new InvalidOperationException($"Init operations did not make model ready for local_init. {localMessage}");
            var notReady = Uninitialized(sess, scaffold.ready_op);
            if (notReady is not null)
                throw new InvalidOperationException($"Init operations did not make model ready. Init op: {scaffold.init_op?.Name}, error: Variables not initialized: {notReady}");
            return sess;
        }
        catch
        {
            sess.Dispose();
            throw;
        }
    }

    /// <summary>Non-chief: waits (at most <paramref name="max_wait_secs"/>) until the chief has initialized or restored the model.</summary>
    public Session wait_for_session(string master, ConfigProto? config, double max_wait_secs = 7200)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(max_wait_secs);
        while (true)
        {
            var sess = new Session(master, graph, config);
            string? notReady;
            try
            {
                var (localOk, localMessage) = TryLocalInit(sess);
                notReady = localOk ? Uninitialized(sess, scaffold.ready_op) : localMessage;
                if (notReady is null) return sess;
            }
            catch
            {
                sess.Dispose();
                throw;
            }
            sess.Dispose();
            if (DateTime.UtcNow + TimeSpan.FromSeconds(recovery_wait_secs) > deadline)
                throw new TensorflowException(TF_Code.DeadlineExceeded,
                    $"Session was not ready after waiting {max_wait_secs} secs ({notReady}): is the chief (worker task 0) running and has it initialized the model?");
            Log($"Waiting for model to be ready. Ready: {notReady}");
            Thread.Sleep(TimeSpan.FromSeconds(recovery_wait_secs));
        }
    }

    /// <summary>Runs local_init_op once the global variables it may read are initialized.</summary>
    private (bool Ok, string? Message) TryLocalInit(Session sess)
    {
        if (scaffold.local_init_op is null) return (true, null);
        var notReady = Uninitialized(sess, scaffold.ready_for_local_init_op);
        if (notReady is not null) return (false, $"Variables not initialized: {notReady}");
        sess.run(scaffold.local_init_op);
        return (true, null);
    }

    /// <summary>The names report_uninitialized_variables returns, joined; null when every variable is initialized.</summary>
    internal static string? Uninitialized(Session sess, Tensor? readyOp)
    {
        if (readyOp is null) return null;
        var names = (string[])sess.run((object)readyOp)!;
        return names.Length == 0 ? null : string.Join(", ", names);
    }
}
