using TfBnPort.Samples;
using TfBnPort.Samples.GeronDnn;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// Where the ops of a geron-dnn worker's FULL_TRACE step ran, from the StepStats TensorFlow recorded
/// (not from the graph's requested devices): every variable and every op that writes one on the ps,
/// the compute on the worker, and the tensors that crossed between them.
/// </summary>
internal static class TracedStepAssertions
{
    private const string Ps = "/job:ps/replica:0/task:0/device:CPU:0";

    /// <summary>The model's 19 variables: 3 dense × (kernel, bias), 3 BN × (gamma, beta, moving mean, moving variance), global_step.</summary>
    private static readonly string[] Variables = new[] { "hidden1", "hidden2", "outputs" }.SelectMany(d => new[] { $"{d}/kernel", $"{d}/bias" })
        .Concat(new[] { "batch_normalization", "batch_normalization_1", "batch_normalization_2" }
            .SelectMany(b => new[] { "gamma", "beta", "moving_mean", "moving_variance" }.Select(v => $"{b}/{v}")))
        .Append("global_step").ToArray();

    /// <summary>Floats of the trainable variables: 784×300+300 + 300×100+100 + 100×10+10 (dense) + 2×(300+100+10) (gamma, beta).</summary>
    private const long TrainableBytes = 4L * (GeronDnnGraph.n_inputs * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10 + 2 * (300 + 100 + 10));

    public static void AssertPlacement(TracedStep step, int worker)
    {
        var workerDevice = $"/job:worker/replica:0/task:{worker}/device:CPU:0";
        Assert.Equal(19, Variables.Length);
        foreach (var v in Variables)
            Assert.Equal(new[] { Ps }, step.DevicesOf(v)); // its VariableV2 op ran, and only on the ps
        // The ops that write the variables: 12 gradient updates (the trainable ones), 6 BN moving-average
        // updates (UPDATE_OPS, run by every worker), 1 global_step increment.
        var writers = step.Ops.Where(o => o.Op is "ApplyGradientDescent" or "AssignSub" or "AssignAdd").ToList();
        Assert.Equal(12, writers.Count(o => o.Op == "ApplyGradientDescent"));
        Assert.Equal(6, writers.Count(o => o.Op == "AssignSub"));
        Assert.Equal(1, writers.Count(o => o.Op == "AssignAdd"));
        Assert.All(writers, o => Assert.True(o.Device == Ps, $"{o.Name} ({o.Op}) ran on {o.Device}"));
        var compute = step.Ops.Where(o => o.Op is "MatMul" or "_FusedMatMul" or "Elu" or "EluGrad" or "BiasAddGrad" or "SparseSoftmaxCrossEntropyWithLogits").ToList();
        Assert.True(compute.Count >= 9, $"only {compute.Count} compute ops in the trace"); // 3 forward matmuls + 6 gradient matmuls at least
        Assert.All(compute, o => Assert.True(o.Device == workerDevice, $"{o.Name} ({o.Op}) ran on {o.Device}, not on worker {worker}"));
        // Every value the worker reads crossed from the ps: at least the trainable bytes (recorded by the
        // worker's own process). The gradients back are recorded on the ps, whose RPC logging both
        // workers' traced steps switch on and off: with two at once those records may be lost, so only
        // their direction is checked here (the bench traces one worker and counts both ways).
        Assert.All(step.Transfers, t => Assert.True((t.From, t.To) == (Ps, workerDevice) || (t.From, t.To) == (workerDevice, Ps), $"{t.Tensor}: {t.From} → {t.To}"));
        Assert.True(step.Transfers.Where(t => t.From == Ps).Sum(t => t.Bytes) >= TrainableBytes);
    }
}
