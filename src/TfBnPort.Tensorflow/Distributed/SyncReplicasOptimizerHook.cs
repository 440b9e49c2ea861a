namespace TfBnPort.Tensorflow;

/// <summary>
/// _SyncReplicasOptimizerHook: after each session is created, runs the local init (the chief also
/// sets every accumulator's global step), the chief puts the first tokens in the queue and starts
/// its queue runner. One addition to TF 1.15: when the chief ends, it enqueues total_num_replicas
/// more tokens, so a worker whose last step waits for a token is released instead of hanging.
/// </summary>
internal sealed class SyncReplicasOptimizerHook(SyncReplicasOptimizer optimizer, bool isChief, int numTokens) : SessionRunHook
{
    private Operation? _initTokens;
    private Operation? _releaseTokens;

    public override void begin()
    {
        if (!optimizer.GradientsApplied)
            throw new ValueError("SyncReplicasOptimizer.apply_gradient should be called before using the hook.");
        if (!isChief) return;
        _initTokens = optimizer.get_init_tokens_op(numTokens);
        var graph = optimizer.chief_init_op!.Graph;
        using var _ = graph.as_default();
        _releaseTokens = optimizer.get_init_tokens_op(optimizer.TotalNumReplicas);
    }

    public override void after_create_session(Session session, Coordinator coord)
    {
        var notReady = SessionManager.Uninitialized(session, optimizer.ready_for_local_init_op);
        if (notReady is not null)
            throw new InvalidOperationException($"Init operations did not make model ready for SyncReplicasOptimizer local_init. Init op: {(isChief ? optimizer.chief_init_op!.Name : optimizer.local_step_init_op!.Name)}, error: Variables not initialized: {notReady}");
        if (isChief)
        {
            session.run(optimizer.chief_init_op!);
            session.run(_initTokens!);
            optimizer.get_chief_queue_runner().create_threads(session, coord, daemon: true, start: true);
        }
        else session.run(optimizer.local_step_init_op!);
    }

    public override void end(Session session)
    {
        if (_releaseTokens is not null) session.run(_releaseTokens);
    }
}
