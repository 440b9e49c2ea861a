namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.Coordinator: a stop flag shared by the training loop and background threads (the sync
/// optimizer's queue runner), the first error they report, and a bounded join.
/// </summary>
public sealed class Coordinator
{
    private readonly List<Thread> _threads = new();
    private readonly object _lock = new();
    private readonly ManualResetEventSlim _stop = new();

    public Exception? Error { get; private set; }

    public bool should_stop() => _stop.IsSet;

    public void request_stop(Exception? ex = null)
    {
        lock (_lock) Error ??= ex;
        _stop.Set();
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a stop request; true when stopped.</summary>
    public bool wait_for_stop(TimeSpan timeout) => _stop.Wait(timeout);

    public void register_thread(Thread thread)
    {
        lock (_lock) _threads.Add(thread);
    }

    /// <summary>Requests a stop and waits for the registered threads at most <paramref name="stop_grace_period_secs"/>; names the ones that did not stop.</summary>
    public void join(double stop_grace_period_secs = 120)
    {
        request_stop();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(stop_grace_period_secs);
        List<Thread> threads;
        lock (_lock) threads = _threads.ToList();
        var stragglers = threads.Where(t => !t.Join(Max(deadline - DateTime.UtcNow))).Select(t => t.Name ?? "thread").ToList();
        if (stragglers.Count > 0)
            throw new InvalidOperationException($"Coordinator stopped with threads still running: {string.Join(", ", stragglers)} (stop_grace_period_secs={stop_grace_period_secs}).");
    }

    /// <summary>Waits at most <paramref name="seconds"/> for the registered threads; returns those still running.</summary>
    internal List<Thread> JoinQuietly(double seconds)
    {
        request_stop();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        List<Thread> threads;
        lock (_lock) threads = _threads.ToList();
        return threads.Where(t => t.ThreadState != ThreadState.Unstarted && !t.Join(Max(deadline - DateTime.UtcNow))).ToList();
    }

    private static TimeSpan Max(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}
