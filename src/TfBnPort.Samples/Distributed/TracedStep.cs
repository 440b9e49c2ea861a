using System.Text.RegularExpressions;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples;

/// <summary>One op of a FULL_TRACE step: the device it ran on and its type.</summary>
public sealed record TracedOp(string Device, string Name, string Op);

/// <summary>One tensor that crossed from one task to another over gRPC in the step.</summary>
public sealed record TracedTransfer(string Tensor, string From, string To, long Bytes);

/// <summary>
/// What a FULL_TRACE step's RunMetadata.step_stats says. In a cluster the master merges every task's
/// NodeExecStats under the device each ran on (/job:ps/replica:0/task:0/device:CPU:0 ...). Tensors
/// that crossed between tasks are the "RecvTensor" entries TF 1.15's WorkerCacheLogger adds
/// (worker_cache_logger.cc): its timeline label "[SIZE] [RATE] TENSOR from SRC to DST", and the
/// bytes the gRPC call received in output[0]'s allocation_description.requested_bytes.
/// </summary>
public sealed partial class TracedStep
{
    private TracedStep(IReadOnlyList<TracedOp> ops, IReadOnlyList<TracedTransfer> transfers) => (Ops, Transfers) = (ops, transfers);

    /// <summary>Every op that ran, on its device.</summary>
    public IReadOnlyList<TracedOp> Ops { get; }

    /// <summary>Every RecvTensor call of the step (ps → worker: variable values; worker → ps: gradients and updates).</summary>
    public IReadOnlyList<TracedTransfer> Transfers { get; }

    /// <summary>Tensor bytes moved between tasks in the step (payload only: gRPC framing not counted).</summary>
    public long TransferredBytes => Transfers.Sum(t => t.Bytes);

    public static TracedStep Load(string path) => From(RunMetadata.Parser.ParseFrom(File.ReadAllBytes(path)));

    public static TracedStep From(RunMetadata metadata)
    {
        var ops = new List<TracedOp>();
        var transfers = new List<TracedTransfer>();
        foreach (var device in metadata.StepStats.DevStats)
            foreach (var node in device.NodeStats)
            {
                if (node.NodeName == "RecvTensor" && TransferLabel().Match(node.TimelineLabel) is { Success: true } m)
                    transfers.Add(new TracedTransfer(m.Groups["tensor"].Value, m.Groups["from"].Value, m.Groups["to"].Value,
                        node.Output.FirstOrDefault()?.TensorDescription?.AllocationDescription?.RequestedBytes ?? 0));
                else
                    ops.Add(new TracedOp(device.Device, node.NodeName, OpType(node.TimelineLabel)));
            }
        return new TracedStep(ops, transfers);
    }

    /// <summary>The devices op <paramref name="name"/> ran on in this step (none if it did not run).</summary>
    public IReadOnlyList<string> DevicesOf(string name) => Ops.Where(o => o.Name == name).Select(o => o.Device).Distinct().ToList();

    /// <summary>The op type from the executor's timeline label "name = Op(inputs)" (NodeExecStats has no type field).</summary>
    private static string OpType(string label)
    {
        var eq = label.IndexOf(" = ", StringComparison.Ordinal);
        if (eq < 0) return "";
        var rest = label[(eq + 3)..];
        var paren = rest.IndexOf('(');
        return (paren < 0 ? rest : rest[..paren]).Trim();
    }

    [GeneratedRegex(@"^(?:\[[^\]]*\] )*(?<tensor>\S+) from (?<from>\S+) to (?<to>\S+)$")]
    private static partial Regex TransferLabel();
}
