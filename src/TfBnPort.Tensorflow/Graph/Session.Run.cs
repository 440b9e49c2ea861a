using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

public sealed partial class Session
{
    /// <summary>Raised once per target op set when UPDATE_OPS would be skipped (see <see cref="UpdateOpsLint"/>).</summary>
    public static Action<string> Warn { get; set; } = message => System.Console.Error.WriteLine(message);

    /// <param name="fetches">The tensors whose values are returned, in this order.</param>
    /// <param name="targets">The ops run for their effect only (nothing returned).</param>
    /// <param name="feedDict">The values fed in place of placeholders (or any tensor), or null for none.</param>
    /// <param name="runOptions">A serialized RunOptions (trace level...), or null.</param>
    /// <param name="runMetadata">Receives the serialized RunMetadata TensorFlow fills (step stats, partition graphs), or null for none.</param>
    private unsafe TensorValue[] RunCore(IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets, FeedDict? feedDict,
        byte[]? runOptions = null, Action<byte[]>? runMetadata = null)
    {
        if (IsClosed)
            throw new ObjectDisposedException(nameof(Session), "Attempted to use a closed Session. Create a new tf.Session (and initialize or restore its variables).");
        Graph.ThrowIfDisposed();
        foreach (var t in fetches) CheckOwnGraph(t.Graph, $"Fetch {t.Name}");
        foreach (var op in targets) CheckOwnGraph(op.Graph, $"Target {op.Name}");
        UpdateOpsLint.Check(this, fetches, targets, feedDict);

        var feeds = feedDict?.Resolve(Graph) ?? new List<(Tensor, TensorValue)>();
        var nativeFeeds = new SafeTensorHandle[feeds.Count];
        var outputs = new IntPtr[fetches.Count];
        try
        {
            for (var i = 0; i < feeds.Count; i++) nativeFeeds[i] = feeds[i].Item2.ToNative();
            var inputPorts = feeds.Select(f => f.Item1.Output).ToArray();
            var inputValues = nativeFeeds.Select(h => h.DangerousGetHandle()).ToArray();
            var outputPorts = fetches.Select(t => t.Output).ToArray();
            var targetHandles = targets.Select(op => op.Handle).ToArray();
            using var status = new TfStatus();
            using var optionsBuffer = runOptions is null ? null : SafeBufferHandle.FromBytes(runOptions);
            using var metadataBuffer = runMetadata is null ? null : SafeBufferHandle.Create();
            fixed (TF_Output* pIn = inputPorts)
            fixed (IntPtr* pInV = inputValues)
            fixed (TF_Output* pOut = outputPorts)
            fixed (IntPtr* pOutV = outputs)
            fixed (IntPtr* pT = targetHandles)
            {
                TfNative.TF_SessionRun(_handle.DangerousGetHandle(), optionsBuffer?.DangerousGetHandle() ?? IntPtr.Zero,
                    pIn, pInV, inputPorts.Length, pOut, pOutV, outputPorts.Length, pT, targetHandles.Length,
                    metadataBuffer?.DangerousGetHandle() ?? IntPtr.Zero, status.Handle);
            }
            if (status.Code != TF_Code.OK) throw RunFailure(status);
            if (metadataBuffer is not null) runMetadata!(metadataBuffer.ToArray());
            var result = new TensorValue[outputs.Length];
            for (var i = 0; i < outputs.Length; i++) result[i] = TensorValue.FromNative(outputs[i]);
            return result;
        }
        finally
        {
            foreach (var h in nativeFeeds) h?.Dispose();
            foreach (var p in outputs)
                if (p != IntPtr.Zero) TfNative.TF_DeleteTensor(p);
        }
    }

    /// <summary>TensorFlow's error; on a remote target, a lost or silent task also gets what to check.</summary>
    private TensorflowException RunFailure(TfStatus status)
    {
        var message = "Session.run: " + status.Message;
        if (Target != "" && status.Code is TF_Code.DeadlineExceeded or TF_Code.Unavailable)
        {
            var timeout = Config.OperationTimeoutInMs;
            message += status.Code == TF_Code.DeadlineExceeded
                ? $" [{Target} got no answer within operation_timeout_in_ms={timeout}: a task of the cluster (often the ps) is not running or not reachable; start it, or check --cluster addresses and ConfigProto.device_filters]"
                : $" [a task of the cluster behind {Target} cannot be reached: it stopped or its address is wrong; restart it (MonitoredTrainingSession re-creates its session) or fix the cluster spec]";
        }
        return new TensorflowException(status.Code, message);
    }

    private void CheckOwnGraph(Graph g, string what)
    {
        if (!ReferenceEquals(g, Graph))
            throw new ValueError($"{what} is not an element of this session's graph: it belongs to another tf.Graph. Build it in the session's graph (graph.as_default()) or run it in a session of its own graph.");
    }
}
