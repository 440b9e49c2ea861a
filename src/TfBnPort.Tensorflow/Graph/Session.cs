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

    public Session(Graph? graph = null, ConfigProto? config = null)
    {
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
        var session = TfNative.TF_NewSession(Graph.Handle.DangerousGetHandle(), options.DangerousGetHandle(), status.Handle);
        status.Check("creating session");
        _handle = SafeSessionHandle.Own(session);
    }

    public Graph Graph { get; }
    /// <summary>The tensorflow.ConfigProto (generated from Protos/config.proto) handed to TF_SetConfig.</summary>
    public ConfigProto Config { get; }

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

    /// <summary>As above, with TF's RunOptions (Python's sess.run(options=...)): timeout_in_ms bounds the run.</summary>
    public TensorValue[] RunValues(IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets, FeedDict? feed_dict, Protos.RunOptions? options) =>
        RunCore(fetches, targets, feed_dict, options);

    public void close() => Dispose();

    public void Dispose()
    {
        if (IsClosed) return;
        IsClosed = true;
        _handle.Dispose();
    }
}
