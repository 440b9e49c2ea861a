using Google.Protobuf;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.Server: one task of a cluster, TensorFlow's own gRPC server (TF_NewServer). Its
        /// <see cref="target"/> ("grpc://localhost:PORT") is what tf.Session and MonitoredTrainingSession
        /// connect to; a ps task just <see cref="join"/>s. As in TensorFlow 1.15, a started server cannot
        /// be shut down cleanly: it serves until the process ends (Dispose of a started server only marks it
        /// disposed), so run each task in its own process (the console's `server` command).
        /// TensorFlow listens on every interface (0.0.0.0:PORT) whatever host the cluster names.
        /// </summary>
        public sealed class Server : IDisposable
        {
            private IntPtr _server;
            private bool _started;

            public Server(ClusterSpec cluster, string? job_name = null, int? task_index = null, string protocol = "grpc",
                ConfigProto? config = null, bool start = true)
            {
                server_def = MakeServerDef(cluster, job_name, task_index, protocol, config);
                var bytes = server_def.ToByteArray();
                using var status = new TfStatus();
                unsafe
                {
                    fixed (byte* p = bytes) _server = TfNative.TF_NewServer(p, (nuint)bytes.Length, status.Handle);
                }
                if (status.Code != TF_Code.OK) throw CreationError(status, cluster);
                if (start) this.start();
            }

            /// <summary>The ServerDef this server was created from.</summary>
            public ServerDef server_def { get; }

            /// <summary>"grpc://localhost:PORT": the session target of this task (the real port when the cluster said 0).</summary>
            public string target => TfNative.PtrToString(TfNative.TF_ServerTarget(Handle));

            public void start()
            {
                using var status = new TfStatus();
                TfNative.TF_ServerStart(Handle, status.Handle);
                status.Check($"starting the server of /job:{server_def.JobName}/task:{server_def.TaskIndex}");
                _started = true;
            }

            /// <summary>Blocks until the server stops: for a started server, until the process ends.</summary>
            public void join()
            {
                using var status = new TfStatus();
                TfNative.TF_ServerJoin(Handle, status.Handle);
                status.Check($"joining the server of /job:{server_def.JobName}/task:{server_def.TaskIndex}");
            }

            /// <summary>Server.create_local_server(): a one-task cluster {"local": ["localhost:0"]} on a free port.</summary>
            public static Server create_local_server(ConfigProto? config = null, bool start = true) =>
                new(new ClusterSpec(new Dictionary<string, string[]> { ["local"] = new[] { "localhost:0" } }), protocol: "grpc", config: config, start: start);

            public bool IsDisposed { get; private set; }

            /// <summary>
            /// Frees a server that was never started. A started one keeps serving until the process exits:
            /// TensorFlow 1.15 has no clean shutdown (deleting it aborts the process), as Python's __del__ knows.
            /// </summary>
            public void Dispose()
            {
                if (IsDisposed) return;
                IsDisposed = true;
                if (_started) return;
                TfNative.TF_DeleteServer(_server);
                _server = IntPtr.Zero;
            }

            private IntPtr Handle => IsDisposed ? throw new ObjectDisposedException(nameof(Server)) : _server;

            private static ServerDef MakeServerDef(ClusterSpec cluster, string? job, int? task, string protocol, ConfigProto? config)
            {
                if (job is null)
                    job = cluster.jobs.Count == 1 ? cluster.jobs[0] : throw new ValueError($"Must specify an explicit `job_name` (the cluster has jobs {string.Join(", ", cluster.jobs)}).");
                if (task is null)
                {
                    var indices = cluster.task_indices(job);
                    task = indices.Count == 1 ? indices[0] : throw new ValueError($"Must specify an explicit `task_index` (job '{job}' has tasks {string.Join(", ", indices)}).");
                }
                if (!cluster.jobs.Contains(job))
                    throw new ValueError($"Job \"{job}\" was not defined in cluster {cluster} (its jobs: {string.Join(", ", cluster.jobs)}).");
                if (!cluster.task_indices(job).Contains(task.Value))
                    throw new ValueError($"Task {task} was not defined in job \"{job}\": its tasks are {string.Join(", ", cluster.task_indices(job))} ({cluster}).");
                if (protocol != "grpc") throw new ValueError($"Protocol '{protocol}' is not available in this TensorFlow build: use \"grpc\".");
                var def = new ServerDef { Cluster = cluster.as_cluster_def(), JobName = job, TaskIndex = task.Value, Protocol = protocol };
                if (config is not null) def.DefaultSessionConfig = config;
                return def;
            }

            private TensorflowException CreationError(TfStatus status, ClusterSpec cluster)
            {
                var task = $"/job:{server_def.JobName}/task:{server_def.TaskIndex}";
                if (status.Message.Contains("Could not start gRPC server", StringComparison.Ordinal))
                {
                    var address = cluster.task_address(server_def.JobName, server_def.TaskIndex);
                    return new TensorflowException(status.Code,
                        $"Could not start gRPC server for {task} at {address}: the port is probably in use (another task or program listens on it). " +
                        "Stop that program, or give this task a free port in the cluster spec.");
                }
                return new TensorflowException(status.Code, $"Creating the server of {task}: {status.Message}");
            }
        }
    }
}
