using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

public sealed partial class Session
{
    /// <summary>Raised once per target op set when UPDATE_OPS would be skipped (see <see cref="UpdateOpsLint"/>).</summary>
    public static Action<string> Warn { get; set; } = message => System.Console.Error.WriteLine(message);

    private unsafe TensorValue[] RunCore(IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets, FeedDict? feedDict, Protos.RunOptions? runOptions = null)
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
            // RunOptions (timeout_in_ms, trace level) travel as a serialized proto in a TF_Buffer.
            var options = runOptions is null ? null : Google.Protobuf.MessageExtensions.ToByteArray(runOptions);
            fixed (byte* pOptions = options)
            fixed (TF_Output* pIn = inputPorts)
            fixed (IntPtr* pInV = inputValues)
            fixed (TF_Output* pOut = outputPorts)
            fixed (IntPtr* pOutV = outputs)
            fixed (IntPtr* pT = targetHandles)
            {
                var optionsBuffer = options is null ? IntPtr.Zero : TfNative.TF_NewBufferFromString(pOptions, (nuint)options.Length);
                try
                {
                    TfNative.TF_SessionRun(_handle.DangerousGetHandle(), optionsBuffer,
                        pIn, pInV, inputPorts.Length, pOut, pOutV, outputPorts.Length, pT, targetHandles.Length,
                        IntPtr.Zero, status.Handle);
                }
                finally { if (optionsBuffer != IntPtr.Zero) TfNative.TF_DeleteBuffer(optionsBuffer); }
            }
            status.Check("Session.run");
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

    private void CheckOwnGraph(Graph g, string what)
    {
        if (!ReferenceEquals(g, Graph))
            throw new ValueError($"{what} is not an element of this session's graph: it belongs to another tf.Graph. Build it in the session's graph (graph.as_default()) or run it in a session of its own graph.");
    }
}
