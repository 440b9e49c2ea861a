using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public sealed partial class Session
{
    /// <summary>
    /// sess.run(fetches, feed_dict, options, run_metadata): runs with <paramref name="options"/>
    /// (e.g. <c>TraceLevel = FullTrace</c>) passed to TF_SessionRun, and fills
    /// <paramref name="run_metadata"/> with what TensorFlow recorded (StepStats: every executed op,
    /// its device, start, duration and outputs), as Python's run_metadata argument does.
    /// </summary>
    public object? run(object fetches, FeedDict? feed_dict, RunOptions? options, RunMetadata? run_metadata = null)
    {
        var plan = FetchPlan.Build(Graph, fetches);
        var values = RunCore(plan.Tensors, plan.Targets, feed_dict, options?.ToByteArray(),
            run_metadata is null ? null : bytes => MergeMetadata(run_metadata, bytes));
        return plan.Assemble(values);
    }

    /// <summary>The fast path (<see cref="RunValues(IReadOnlyList{Tensor}, IReadOnlyList{Operation}, FeedDict?)"/>) with run
    /// options (timeout_in_ms bounds the run; trace_level) and, optionally, metadata.</summary>
    public TensorValue[] RunValues(IReadOnlyList<Tensor> fetches, IReadOnlyList<Operation> targets, FeedDict? feed_dict,
        RunOptions? options, RunMetadata? run_metadata = null) =>
        RunCore(fetches, targets, feed_dict, options?.ToByteArray(),
            run_metadata is null ? null : bytes => MergeMetadata(run_metadata, bytes));

    /// <summary>Python does run_metadata.ParseFromString: the message is replaced by what TensorFlow returned.</summary>
    private static void MergeMetadata(RunMetadata target, byte[] bytes)
    {
        foreach (var field in RunMetadata.Descriptor.Fields.InDeclarationOrder()) field.Accessor.Clear(target);
        target.MergeFrom(bytes);
    }
}
