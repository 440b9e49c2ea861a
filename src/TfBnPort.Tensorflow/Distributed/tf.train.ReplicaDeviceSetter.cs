namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.replica_device_setter: a device function for between-graph replication. Variables
        /// (ps_ops) go round-robin (or by <paramref name="ps_strategy"/>) over the ps tasks, everything
        /// else to <paramref name="worker_device"/>. With <paramref name="cluster"/>, ps_tasks is its
        /// ps job's size. Returns null (no placement, as Python's None) when there are no ps tasks.
        /// </summary>
        public static Func<Operation, string?>? replica_device_setter(int ps_tasks = 0, string ps_device = "/job:ps",
            string worker_device = "/job:worker", bool merge_devices = true, ClusterSpec? cluster = null,
            IEnumerable<string>? ps_ops = null, Func<Operation, int>? ps_strategy = null)
        {
            if (cluster is not null)
            {
                var psJob = TfBnPort.Tensorflow.DeviceSpec.from_string(ps_device).job;
                if (psJob is null || !cluster.jobs.Contains(psJob)) return null;
                ps_tasks = cluster.num_tasks(psJob);
            }
            if (ps_tasks < 0) throw new ValueError($"ps_tasks must be 0 or more, got {ps_tasks}.");
            if (ps_tasks == 0) return null;
            if (!merge_devices)
                Console.Error.WriteLine("WARNING: DEPRECATION: It is recommended to set merge_devices=true in replica_device_setter");
            var strategy = ps_strategy ?? new RoundRobinStrategy(ps_tasks).Choose;
            var chooser = new ReplicaDeviceSetter(ps_tasks, ps_device, worker_device, merge_devices,
                (ps_ops ?? ReplicaDeviceSetter.StandardPsOps).ToHashSet(), strategy);
            return chooser.DeviceFunction;
        }
    }

    public static partial class contrib
    {
        public static class training
        {
            /// <summary>
            /// GreedyLoadBalancingStrategy(num_tasks, load_fn): each ps op goes to the task with the least
            /// load so far (ties: the lowest index, as np.argmin), which then grows by load_fn(op).
            /// </summary>
            public static Func<Operation, int> GreedyLoadBalancingStrategy(int num_tasks, Func<Operation, double> load_fn)
            {
                if (num_tasks <= 0) throw new ValueError($"num_tasks must be positive, got {num_tasks}.");
                var loads = new double[num_tasks];
                return op =>
                {
                    var task = 0;
                    for (var i = 1; i < num_tasks; i++)
                        if (loads[i] < loads[task]) task = i;
                    loads[task] += load_fn(op);
                    return task;
                };
            }

            /// <summary>
            /// byte_size_load_fn: the bytes of a single-output op's tensor. The op a device function sees
            /// is not built yet, so a variable's size comes from its "shape" and "dtype" attrs, as Python
            /// does for scalar variables whose output shape is still unknown.
            /// </summary>
            public static double byte_size_load_fn(Operation op)
            {
                TensorShape shape;
                DType dtype;
                if (op.IsBuilt)
                {
                    if (op.Outputs.Count != 1) throw new ValueError($"Op {op} must have a single output");
                    shape = op.Outputs[0].Shape;
                    dtype = op.Outputs[0].DType;
                    if (!shape.IsFullyDefined && op.Attrs.TryGetValue("shape", out var s)) shape = (TensorShape)s;
                }
                else
                {
                    shape = op.Attrs.TryGetValue("shape", out var s) ? (TensorShape)s
                        : throw new ValueError($"Op {op} must have a single output with a known shape (a variable's 'shape' attr)");
                    dtype = op.Attrs.TryGetValue("dtype", out var d) ? (DType)d
                        : throw new ValueError($"Op {op} has no 'dtype' attr to size its output");
                }
                if (!shape.IsFullyDefined) throw new ValueError($"Shape {shape} is not fully defined");
                return shape.NumElements * dtype.ByteSize();
            }
        }
    }
}
