namespace TfBnPort.Tensorflow;

/// <summary>
/// The device function of tf.train.replica_device_setter (python/training/device_setter.py,
/// _ReplicaDeviceChooser): ops whose type is in ps_ops go to the ps job, on the task the strategy
/// picks; every other op goes to the worker device. Both merge with what inner scopes already set.
/// </summary>
internal sealed class ReplicaDeviceSetter(int psTasks, string psDevice, string workerDevice, bool mergeDevices,
    IReadOnlyCollection<string> psOps, Func<Operation, int> psStrategy)
{
    /// <summary>STANDARD_PS_OPS of TF 1.15.</summary>
    public static readonly string[] StandardPsOps =
    {
        "Variable", "VariableV2", "AutoReloadVariable", "MutableHashTable", "MutableHashTableV2",
        "MutableHashTableOfTensors", "MutableHashTableOfTensorsV2", "MutableDenseHashTable", "MutableDenseHashTableV2",
        "VarHandleOp", "BoostedTreesEnsembleResourceHandleOp", "BoostedTreesQuantileStreamResourceHandleOp",
        "ResourceConditionalAccumulator",
    };

    public string DeviceFunction(Operation op)
    {
        if (!mergeDevices && op.Device != "") return op.Device;
        var current = DeviceSpec.from_string(op.Device);
        if (psTasks > 0 && psDevice != "" && psOps.Contains(op.Type))
        {
            var ps = DeviceSpec.from_string(psDevice);
            // The task is only chosen when the op's own job (if any) is the ps job.
            if (ps.job is not null && (current.job is null || current.job == ps.job))
                ps = ps.replace(task: psStrategy(op));
            return ps.make_merged_spec(current).to_string();
        }
        return DeviceSpec.from_string(workerDevice).make_merged_spec(current).to_string();
    }
}

/// <summary>_RoundRobinStrategy: ps tasks 0, 1, ..., n−1, 0, ... in op creation order.</summary>
internal sealed class RoundRobinStrategy(int numTasks)
{
    private int _next;

    public int Choose(Operation _)
    {
        var task = _next;
        _next = (_next + 1) % numTasks;
        return task;
    }
}
