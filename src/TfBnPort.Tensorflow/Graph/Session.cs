using Google.Protobuf;
using NumSharp;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.Session: runs fetches of its graph with a feed_dict. Fetch a Tensor (value back), an
/// Operation (run for its effect, null back), a tensor name, or a list of them.
/// </summary>
public sealed partial class Session : IDisposable
{
    private SafeSessionHandle _handle; // replaced once by a SavedModel load (Session.Loaded.cs)

    public Session(Graph? graph = null, ConfigProto? config = null) : this("", graph, config) { }

    /// <summary>
    /// tf.Session(target, graph, config): <paramref name="target"/> "" runs in this process,
    /// "grpc://host:port" on that TensorFlow server (tf.train.Server.target), which places the ops
    /// on the cluster's tasks by their devices.
    /// </summary>
    public Session(string target, Graph? graph = null, ConfigProto? config = null)
    {
        Target = target ?? "";
        if (Target != "" && !Target.StartsWith("grpc://", StringComparison.Ordinal))
            throw new ValueError($"Session target '{Target}' is not supported: use \"\" (in process) or \"grpc://host:port\" (a tf.train.Server).");
        Graph = graph ?? DefaultGraph.Get();
        Graph.ThrowIfDisposed();
        Config = config ?? new ConfigProto();
        using var options = SafeSessionOptionsHandle.Create();
        using var status = new TfStatus();
        unsafe
        {
            var proto = Config.ToByteArray();
            fixed (byte* p = proto) TfNative.TF_SetConfig(options.DangerousGetHandle(), p, (nuint)proto.Length, status.Handle);
        }
        status.Check("setting session config");
        if (Target != "") TfNative.TF_SetTarget(options.DangerousGetHandle(), BoundedTarget(Target, Config));
        var session = TfNative.TF_NewSession(Graph.Handle.DangerousGetHandle(), options.DangerousGetHandle(), status.Handle);
        status.Check("creating session");
        _handle = SafeSessionHandle.Own(session);
    }

    public Graph Graph { get; }
    /// <summary>The tensorflow.ConfigProto (generated from Protos/config.proto) handed to TF_SetConfig.</summary>
    public ConfigProto Config { get; }

    /// <summary>"" (in process) or the server's "grpc://host:port".</summary>
    public string Target { get; }

    /// <summary>The TF_Session*, for calling the C API directly (benchmarks); valid until the session is closed.</summary>
    public IntPtr NativeHandle => IsClosed ? throw new ObjectDisposedException(nameof(Session), "Attempted to use a closed Session.") : _handle.DangerousGetHandle();
    public bool IsClosed { get; private set; }

    /// <summary>Runs one fetch (Tensor, Operation, name, or an IEnumerable of them) and returns its value(s).</summary>
    public object? run(object fetches, FeedDict? feed_dict = null)
    {
        var plan = FetchPlan.Build(Graph, fetches);
        var values = RunCore(plan.Tensors, plan.Targets, feed_dict);
        return plan.Assemble(values);
    }

    /// <summary>Runs a single tensor and returns its value as an NDArray.</summary>
    public NDArray run(Tensor fetch, FeedDict? feed_dict = null) => RunValues(new[] { fetch }, Array.Empty<Operation>(), feed_dict)[0].ToNDArray();

    /// <summary>Runs several tensors (and optionally target ops) and returns NDArrays in fetch order.</summary>
    public NDArray[] run(Tensor[] fetches, FeedDict? feed_dict = null) =>
        RunValues(fetches, Array.Empty<Operation>(), feed_dict).Select(v => v.ToNDArray()).ToArray();

    /// <summary>Runs an op for its side effect (a training step, an initializer).</summary>
    public void run(Operation target, FeedDict? feed_dict = null) => RunValues(Array.Empty<Tensor>(), new[] { target }, feed_dict);

    /// <summary>The fast path: raw host values for <paramref name="fetches"/>, after running <paramref name="targets"/> too.</summary>
    public TensorValue[] RunValues(IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets, FeedDict? feed_dict = null) =>
        RunCore(fetches, targets, feed_dict);

    public void close() => Dispose();

    /// <summary>
    /// TensorFlow short-cuts a target served by a tf.train.Server of this process ("grpc://localhost:PORT")
    /// to an in-process master that, past operation_timeout_in_ms, still waits for the call to finish —
    /// forever when a ps is unreachable. With a timeout set, the same server is reached as 127.0.0.1, over
    /// gRPC, whose deadline ends the call (DeadlineExceeded) instead.
    /// </summary>
    private static string BoundedTarget(string target, ConfigProto config)
    {
        const string local = "grpc://localhost:";
        return config.OperationTimeoutInMs > 0 && target.StartsWith(local, StringComparison.Ordinal)
            ? "grpc://127.0.0.1:" + target[local.Length..]
            : target;
    }

    /// <summary>TF_CloseSession without deleting: runs blocked in other threads (a queue runner's) fail and return.</summary>
    internal void CancelPendingRuns()
    {
        if (IsClosed) return;
        using var status = new TfStatus();
        TfNative.TF_CloseSession(_handle.DangerousGetHandle(), status.Handle);
    }

    /// <summary>Marks the session closed without deleting the native one, for when a thread may still be inside it (deleting would free memory it uses).</summary>
    internal void Abandon()
    {
        if (IsClosed) return;
        IsClosed = true;
        _handle.SetHandleAsInvalid();
    }

    public void Dispose()
    {
        if (IsClosed) return;
        IsClosed = true;
        _handle.Dispose();
    }
}
