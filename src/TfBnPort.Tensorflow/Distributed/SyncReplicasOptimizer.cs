namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.SyncReplicasOptimizer (python/training/sync_replicas_optimizer.py, TF 1.15): each worker
/// pushes its gradients into one ConditionalAccumulator per variable (on the variable's ps, stale
/// gradients — from before the current global step — dropped) and then waits for a token; the
/// chief's queue runner takes the mean of replicas_to_aggregate gradients per variable, applies it
/// with the wrapped optimizer (global_step += 1) and puts tokens_per_step tokens in the sync token
/// queue. So global_step advances once per replicas_to_aggregate worker steps.
/// </summary>
public sealed class SyncReplicasOptimizer : Optimizer
{
    private readonly Optimizer _opt;
    private readonly List<(Tensor Accumulator, string Device)> _accumulators = new();
    private Variable? _globalStep;
    private Tensor? _syncTokenQueue;
    private tf.train.QueueRunner? _chiefQueueRunner;

    public SyncReplicasOptimizer(Optimizer opt, int replicas_to_aggregate, int? total_num_replicas = null, bool use_locking = false, string name = "sync_replicas")
        : base(name, use_locking)
    {
        if (replicas_to_aggregate <= 0) throw new ValueError($"replicas_to_aggregate must be positive, got {replicas_to_aggregate}.");
        _opt = opt;
        ReplicasToAggregate = replicas_to_aggregate;
        TotalNumReplicas = total_num_replicas ?? replicas_to_aggregate;
        if (TotalNumReplicas <= 0) throw new ValueError($"total_num_replicas must be positive, got {TotalNumReplicas}.");
        TokensPerStep = Math.Max(TotalNumReplicas, replicas_to_aggregate);
    }

    public int ReplicasToAggregate { get; }
    public int TotalNumReplicas { get; }
    public int TokensPerStep { get; }

    /// <summary>This worker's copy of the step its gradients belong to (a LOCAL variable on the worker).</summary>
    public Variable? local_step { get; private set; }

    public Tensor? local_step_init_op { get; private set; }
    public Operation? chief_init_op { get; private set; }
    public Tensor? ready_for_local_init_op { get; private set; }
    public bool GradientsApplied { get; private set; }

    public override List<(Tensor? Grad, Variable Var)> compute_gradients(Tensor loss, IEnumerable<Variable>? var_list = null) =>
        _opt.compute_gradients(loss, var_list);

    protected override Operation ApplyDense(Tensor grad, Variable var) =>
        throw new InvalidOperationException("SyncReplicasOptimizer applies gradients through the optimizer it wraps.");

    /// <summary>Returns the op each replica runs: push its gradients, then wait for a token (local_step = token).</summary>
    public override Operation apply_gradients(IReadOnlyList<(Tensor? Grad, Variable Var)> grads_and_vars, Variable? global_step = null, string? name = null)
    {
        if (grads_and_vars.Count == 0) throw new ValueError("Must supply at least one variable");
        _globalStep = global_step ?? throw new ValueError("Global step is required to check staleness");
        var graph = global_step.Graph;
        using var _ = graph.as_default();
        var stepType = global_step.DType;

        var localAnchor = tf.no_op();
        using (tf.colocate_with(localAnchor))
            local_step = tf.Variable(TensorValue.From(0L).CastTo(stepType), trainable: false,
                collections: new[] { GraphKeys.LOCAL_VARIABLES }, name: "sync_rep_local_step");
        local_step_init_op = tf.assign(local_step, global_step.Snapshot);
        var chiefInitOps = new List<object> { local_step_init_op };
        ready_for_local_init_op = tf.report_uninitialized_variables(tf.global_variables());

        var trainOps = new List<Operation>();
        var aggregated = new List<(Tensor? Grad, Variable Var)>();
        using (graph.NameScope(graph.UniqueName(Name) + "/"))
        {
            foreach (var (grad, var) in grads_and_vars)
                using (tf.device(var.Device))
                {
                    if (grad is null) { aggregated.Add((null, var)); continue; }
                    var accumulator = graph.NewOperation("ConditionalAccumulator", "conditional_accumulator")
                        .Attr("dtype", grad.DType.BaseType()).Attr("shape", var.Shape).Attr("container", "")
                        .Attr("shared_name", var.Name + "/grad_accum").Attr("reduction_type", "MEAN").Finish().Output(0);
                    trainOps.Add(graph.NewOperation("AccumulatorApplyGradient", "AccumulatorApplyGradient")
                        .Input(accumulator).Input(ToInt64(local_step.Snapshot)).Input(grad).Attr("dtype", grad.DType.BaseType()).Finish());
                    var mean = graph.NewOperation("AccumulatorTakeGradient", "AccumulatorTakeGradient")
                        .Input(accumulator).Input(tf.constant(ReplicasToAggregate, name: "num_required")).Attr("dtype", grad.DType.BaseType()).Finish().Output(0);
                    aggregated.Add((mean, var));
                    _accumulators.Add((accumulator, var.Device));
                }

            Operation updateOp;
            using (tf.device(global_step.Device))
            using (graph.NameScope(null))
                updateOp = _opt.apply_gradients(aggregated, global_step);

            Operation trainOp;
            using (tf.device(global_step.Device))
            using (graph.NameScope(null))
            {
                _syncTokenQueue = Queue(graph, "sync_token_q", capacity: -1, stepType);
                var dummyQueue = Queue(graph, "dummy_queue", capacity: 1, DType.Int32);
                Tensor token;
                using (tf.control_dependencies(trainOps))
                    token = graph.NewOperation("QueueDequeueV2", "sync_token_q_Dequeue").Input(_syncTokenQueue)
                        .Attr("component_types", new[] { stepType }).Attr("timeout_ms", -1L).Finish().Output(0);
                trainOp = tf.assign(local_step, token).Op;
                Operation syncOp;
                using (tf.control_dependencies(new object[] { updateOp }))
                    syncOp = EnqueueTokens(graph, TokensPerStep);
                _chiefQueueRunner = new tf.train.QueueRunner(dummyQueue, new[] { syncOp });
            }
            foreach (var (accumulator, device) in _accumulators)
                using (tf.device(device))
                    chiefInitOps.Add(graph.NewOperation("AccumulatorSetGlobalStep", "SetGlobalStep")
                        .Input(accumulator).Input(ToInt64(global_step.Snapshot)).Finish());
            chief_init_op = tf.group(chiefInitOps);
            GradientsApplied = true;
            graph.AddToCollection(GraphKeys.TRAIN_OP, trainOp);
            graph.GetOrCreateExtra(UpdateOpsLint.TrainOpsKey, () => new HashSet<Operation>()).Add(trainOp);
            return trainOp;
        }
    }

    public tf.train.QueueRunner get_chief_queue_runner() =>
        _chiefQueueRunner ?? throw new ValueError("Should be called after apply_gradients().");

    /// <summary>The chief's first tokens: by default replicas_to_aggregate, so the first step can run.</summary>
    public Operation get_init_tokens_op(int num_tokens = -1)
    {
        if (!GradientsApplied) throw new ValueError("get_init_tokens_op() should be called after apply_gradients().");
        var needed = ReplicasToAggregate - TotalNumReplicas;
        if (num_tokens == -1) num_tokens = ReplicasToAggregate;
        else if (num_tokens < needed) throw new ValueError($"Too few tokens to finish the first step: {num_tokens} (given) vs {needed} (needed)");
        var graph = _globalStep!.Graph;
        using var _ = graph.as_default();
        using var device = tf.device(_globalStep.Device);
        using var scope = graph.NameScope(null);
        return num_tokens > 0 ? EnqueueTokens(graph, num_tokens) : tf.no_op("no_init_tokens");
    }

    public SessionRunHook make_session_run_hook(bool is_chief, int num_tokens = -1) => new SyncReplicasOptimizerHook(this, is_chief, num_tokens);

    public new Variable? get_slot(Variable var, string slotName) => _opt.get_slot(var, slotName);

    /// <summary>fill([n], global_step) enqueued into the sync token queue.</summary>
    internal Operation EnqueueTokens(Graph graph, int count)
    {
        var tokens = tf.fill(new[] { count }, _globalStep!.Snapshot);
        return graph.NewOperation("QueueEnqueueManyV2", "sync_token_q_EnqueueMany").Input(_syncTokenQueue!).InputList(new[] { tokens })
            .Attr("Tcomponents", new[] { _globalStep.DType }).Attr("timeout_ms", -1L).Finish();
    }

    private static Tensor Queue(Graph graph, string name, int capacity, DType dtype) =>
        graph.NewOperationExact("FIFOQueueV2", graph.UniqueName(name)).Attr("component_types", new[] { dtype })
            .Attr("shapes", new[] { TensorShape.Scalar }).Attr("capacity", (long)capacity).Attr("container", "").Attr("shared_name", name).Finish().Output(0);

    private static Tensor ToInt64(Tensor t) => t.DType.BaseType() == DType.Int64 ? t : tf.cast(t, DType.Int64);
}

public static partial class tf
{
    public static partial class train
    {
        public static SyncReplicasOptimizer SyncReplicasOptimizer(Optimizer opt, int replicas_to_aggregate, int? total_num_replicas = null,
            bool use_locking = false, string name = "sync_replicas") => new(opt, replicas_to_aggregate, total_num_replicas, use_locking, name);
    }
}
