namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.SessionRunHook (python/training/session_run_hook.py): code that runs around every
/// MonitoredSession.run. begin() may still add ops; before_run() may add fetches and feeds to the
/// call; after_run() sees their values and may request a stop; end() runs on a clean finish.
/// </summary>
public abstract class SessionRunHook
{
    public virtual void begin() { }
    public virtual void after_create_session(Session session, Coordinator coord) { }
    public virtual SessionRunArgs? before_run(SessionRunContext run_context) => null;
    public virtual void after_run(SessionRunContext run_context, SessionRunValues run_values) { }
    public virtual void end(Session session) { }
}

/// <summary>What a hook adds to a run: fetches (any Session.run fetch structure) and feeds.</summary>
public sealed record SessionRunArgs(object? fetches, FeedDict? feed_dict = null);

/// <summary>The hook's fetched values, in the structure it asked for.</summary>
public sealed record SessionRunValues(object? results);

/// <summary>The run being made: its original fetches and feeds, the session, and request_stop().</summary>
public sealed class SessionRunContext(SessionRunArgs original_args, Session session)
{
    public SessionRunArgs original_args { get; } = original_args;
    public Session session { get; } = session;
    public bool stop_requested { get; private set; }
    public void request_stop() => stop_requested = true;
}
