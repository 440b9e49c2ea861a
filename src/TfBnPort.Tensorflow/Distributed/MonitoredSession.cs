using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.MonitoredSession as TF 1.15 stacks it (monitored_session.py): hooks around every run
/// (_HookedSession), a Coordinator for background threads (_CoordinatedSession), and recovery
/// (_RecoverableSession): when a run fails with UnavailableError or AbortedError (a worker or ps
/// lost) the session is closed and created again — the chief restores the latest checkpoint, the
/// others wait until the model is ready — and the step is retried.
/// </summary>
public sealed class MonitoredSession : IDisposable
{
    private readonly Func<Session> _create;
    private readonly IReadOnlyList<SessionRunHook> _hooks;
    private readonly double _stopGracePeriodSecs;
    private readonly double _maxWaitSecs;
    private Session? _session;
    private Coordinator _coord = new();
    private bool _stop;
    private bool _failed;
    private bool _closed;

    internal MonitoredSession(Func<Session> create, IReadOnlyList<SessionRunHook> hooks, double stopGracePeriodSecs, double maxWaitSecs)
    {
        _create = create;
        _hooks = hooks;
        _stopGracePeriodSecs = stopGracePeriodSecs;
        _maxWaitSecs = maxWaitSecs;
        foreach (var hook in hooks) hook.begin();
        Ensure();
    }

    public Action<string> Log { get; init; } = message => Console.Error.WriteLine(message);

    /// <summary>How many times the session was re-created after a lost task.</summary>
    public int Recoveries { get; private set; }

    /// <summary>The current underlying session (it changes after a recovery).</summary>
    public Session RawSession => _session ?? Ensure();

    public bool should_stop() => _stop || _coord.should_stop();

    /// <summary>Runs <paramref name="fetches"/> with the hooks' fetches and feeds added; retries once recovered from a lost task.</summary>
    public object? run(object fetches, FeedDict? feed_dict = null) => run(fetches, feed_dict, null, null);

    /// <summary>run(fetches, feed_dict, options, run_metadata) as in Python: e.g. a FULL_TRACE step whose
    /// StepStats hold every task's ops, on the devices they ran on.</summary>
    public object? run(object fetches, FeedDict? feed_dict, RunOptions? options, RunMetadata? run_metadata)
    {
        if (_closed) throw new ObjectDisposedException(nameof(MonitoredSession), "Attempted to use a closed MonitoredSession.");
        if (should_stop()) throw new InvalidOperationException("Run called even after should_stop requested.");
        while (true)
        {
            var session = Ensure();
            try
            {
                return HookedRun(session, fetches, feed_dict, options, run_metadata);
            }
            catch (TensorflowException e) when (e.Code is TF_Code.Unavailable or TF_Code.Aborted)
            {
                Log($"An error was raised. This may be due to a preemption in a connected worker or parameter server. " +
                    $"The current session will be closed and a new session will be created. Error: {e.Message}");
                Drop();
            }
            catch
            {
                _failed = true;
                throw;
            }
        }
    }

    private object? HookedRun(Session session, object fetches, FeedDict? feedDict, RunOptions? options, RunMetadata? runMetadata)
    {
        var context = new SessionRunContext(new SessionRunArgs(fetches, feedDict), session);
        var hookArgs = _hooks.Select(h => h.before_run(context)).ToList();
        var feeds = new FeedDict();
        var fed = new HashSet<object>();
        foreach (var f in new[] { feedDict }.Concat(hookArgs.Select(a => a?.feed_dict)))
            if (f is not null)
                foreach (var (key, value) in f)
                {
                    if (!fed.Add(key)) throw new InvalidOperationException($"Same tensor is fed by a SessionRunHook and user. Tensor: {key}");
                    feeds.Add(key, value);
                }
        var hookFetches = hookArgs.Select(a => a?.fetches ?? Array.Empty<object>()).ToArray();
        var results = (object?[])session.run(new object[] { fetches, hookFetches }, feeds, options, runMetadata)!;
        var hookResults = (object?[])results[1]!;
        for (var i = 0; i < _hooks.Count; i++) _hooks[i].after_run(context, new SessionRunValues(hookResults[i]));
        _stop |= context.stop_requested;
        return results[0];
    }

    /// <summary>Creates the session (retrying while tasks are unreachable, at most max_wait_secs), then the hooks' after_create_session.</summary>
    private Session Ensure()
    {
        if (_session is not null) return _session;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(_maxWaitSecs);
        while (true)
        {
            try
            {
                _session = _create();
                _coord = new Coordinator();
                foreach (var hook in _hooks) hook.after_create_session(_session, _coord);
                return _session;
            }
            catch (TensorflowException e) when (e.Code is TF_Code.Unavailable or TF_Code.Aborted && DateTime.UtcNow < deadline)
            {
                Log($"An error was raised while a session was being created. This may be due to a preemption of a connected worker or parameter server. A new session will be created. Error: {e.Message}");
                Drop();
                Thread.Sleep(1000);
            }
        }
    }

    private void Drop()
    {
        Recoveries++;
        CloseSession();
    }

    /// <summary>
    /// Stops the background threads (stop_grace_period_secs), cancels runs they are blocked in if needed,
    /// then deletes the session — or leaves it undeleted if a thread is still inside it, which would crash.
    /// </summary>
    private void CloseSession()
    {
        var session = _session;
        _session = null;
        // A queue runner blocked in a run (the sync optimizer's take_grad) never sees the stop request:
        // after a short wait its run is cancelled by closing the session, then the grace period applies.
        var stragglers = _coord.JoinQuietly(Math.Min(1, _stopGracePeriodSecs));
        if (session is null) return;
        if (stragglers.Count > 0)
        {
            session.CancelPendingRuns();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(_stopGracePeriodSecs, 1));
            stragglers = stragglers.Where(t => !t.Join(Clamp(deadline - DateTime.UtcNow))).ToList();
        }
        if (stragglers.Count == 0) session.Dispose();
        else
        {
            Log($"Threads still running after the session was closed: {string.Join(", ", stragglers.Select(t => t.Name))}; the native session is left to the process exit.");
            session.Abandon();
        }
    }

    /// <summary>close(): on a clean finish the hooks' end() run first (the final checkpoint); then threads are joined and the session closed.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            if (!_failed && _session is not null)
                foreach (var hook in _hooks) hook.end(_session);
        }
        finally
        {
            CloseSession();
        }
    }

    public void close() => Dispose();

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}
