using TfBnPort.Tensorflow;

namespace TfBnPort.Samples;

/// <summary>
/// How a sample's graph is built for between-graph replication: the device function every op goes
/// through (tf.train.replica_device_setter) and an optional wrapper of its optimizer
/// (tf.train.SyncReplicasOptimizer for synchronous training).
/// </summary>
public sealed record ReplicaSetup(Func<Operation, string?> DeviceFunction, Func<Optimizer, Optimizer>? WrapOptimizer = null);
