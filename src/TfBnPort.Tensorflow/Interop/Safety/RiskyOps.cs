namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// What the op types known to reach outside the computation do, so that `show` and the refusal
/// can say more than "not on the allowlist". This is not the check (the allowlist is): an op
/// type neither here nor in <see cref="PureOps"/> is <see cref="OpRisk.Unlisted"/>.
/// Sources: tensorflow/core/ops/{io,debug,script,rpc,sendrecv,collective,summary,lookup,dataset,
/// data_flow,checkpoint}_ops.cc of TF 1.15.0.
/// </summary>
internal static class RiskyOps
{
    public static (OpRisk Risk, string Reason) Classify(string opType)
    {
        if (Known.TryGetValue(opType, out var known)) return known;
        if (opType.EndsWith("Dataset", StringComparison.Ordinal) || opType.EndsWith("DatasetV2", StringComparison.Ordinal) || opType.Contains("Iterator", StringComparison.Ordinal))
            return (OpRisk.FileSystem, "a tf.data pipeline op (datasets can read and cache files)");
        if (opType.StartsWith("Reader", StringComparison.Ordinal) || opType.EndsWith("Reader", StringComparison.Ordinal) || opType.EndsWith("ReaderV2", StringComparison.Ordinal))
            return (OpRisk.FileSystem, "a file reader op");
        if (opType.StartsWith("Debug", StringComparison.Ordinal))
            return (OpRisk.Network, "a debug op (its debug_urls can be grpc:// or file://)");
        if (opType.StartsWith("Collective", StringComparison.Ordinal) || opType.StartsWith("Nccl", StringComparison.Ordinal))
            return (OpRisk.Network, "a collective op (exchanges tensors with other tasks)");
        if (opType.Contains("SummaryWriter", StringComparison.Ordinal) || (opType.StartsWith("Write", StringComparison.Ordinal) && opType.EndsWith("Summary", StringComparison.Ordinal)))
            return (OpRisk.FileSystem, "a summary writer op (writes event files)");
        if (opType.Contains("Queue", StringComparison.Ordinal) || opType.Contains("Barrier", StringComparison.Ordinal) || opType.Contains("Accumulator", StringComparison.Ordinal))
            return (OpRisk.Process, "a queue/barrier op (shared state that can block the run)");
        return (OpRisk.Unlisted, "not on the allowlist of pure-computation ops");
    }

    private static readonly Dictionary<string, (OpRisk, string)> Known = Build();

    private static Dictionary<string, (OpRisk, string)> Build()
    {
        var known = new Dictionary<string, (OpRisk, string)>(StringComparer.Ordinal);
        void Add(OpRisk risk, string reason, string names)
        {
            foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries)) known[name] = (risk, reason);
        }
        Add(OpRisk.FileSystem, "reads a file", "ReadFile ImmutableConst LoadAndRemapMatrix GenerateVocabRemapping " +
            "InitializeTableFromTextFile InitializeTableFromTextFileV2 DecodeProtoV2");
        Add(OpRisk.FileSystem, "writes a file", "WriteFile");
        Add(OpRisk.FileSystem, "lists files", "MatchingFiles");
        Add(OpRisk.FileSystem, "reads a checkpoint from a path", "Restore RestoreSlice RestoreV2");
        Add(OpRisk.FileSystem, "writes a checkpoint to a path", "Save SaveSlices SaveV2 MergeV2Checkpoints");
        Add(OpRisk.FileSystem, "writes a tensor to a file", "PrintV2");
        Add(OpRisk.FileSystem, "writes event files", "SummaryWriter CreateSummaryFileWriter CreateSummaryDbWriter FlushSummaryWriter " +
            "CloseSummaryWriter ImportEvent WriteSummary WriteScalarSummary WriteHistogramSummary WriteImageSummary " +
            "WriteAudioSummary WriteGraphSummary WriteRawProtoSummary");
        Add(OpRisk.Network, "calls a remote service", "Rpc TryRpc RemoteCall RemoteFusedGraphExecute");
        Add(OpRisk.Network, "sends or receives tensors across devices or tasks", "_Send _Recv _HostSend _HostRecv Send Recv");
        Add(OpRisk.Process, "runs Python code", "PyFunc PyFuncStateless EagerPyFunc");
        Add(OpRisk.Process, "aborts the process", "Abort");
        return known;
    }
}
