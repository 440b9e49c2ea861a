namespace TfBnPort.Tests.Reference;

using TfBnPort.Reference;

/// <summary>The reference's keras modes (any channel axis, ghost batches, renorm) against hand-derived values.</summary>
public class ModeTests
{
    [Fact]
    public void Axis_one_normalizes_each_channel_of_an_NCW_batch_and_keeps_the_layout()
    {
        // x [N=1, C=2, W=2] = [[[1, 3], [2, 6]]]: channel 0 holds 1, 3 (μ 2, σ² 1), channel 1 holds 2, 6 (μ 4, σ² 4),
        // the numbers of ForwardTests' hand example. ε = 0, γ = [2, 0.5], β = [0.1, −1]:
        // channel 0 → 2·(∓1) + 0.1 = −1.9, 2.1; channel 1 → 0.5·(∓1) − 1 = −1.5, −0.5, written back as [1, 2, 2].
        var (y, forward) = ChannelAxis.ForwardTraining([1, 3, 2, 6], [1, 2, 2], axis: 1, [2, 0.5], [0.1, -1], epsilon: 0);

        Assert.Equal(new double[] { -1.9, 2.1, -1.5, -0.5 }, y);
        Assert.Equal(new double[] { 2, 4 }, forward.Mean);
        Assert.Equal(new double[] { 1, 4 }, forward.Variance);
    }

    [Fact]
    public void Moving_the_channel_axis_last_and_back_is_the_identity()
    {
        // [2, 3, 4] with axis 1: value (n, c, w) = 100n + 10c + w lands at (n, w, c) of [2, 4, 3].
        int[] shape = [2, 3, 4];
        var x = new double[24];
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int w = 0; w < 4; w++) x[(n * 3 + c) * 4 + w] = 100 * n + 10 * c + w;
        var last = ChannelAxis.ToChannelsLast(x, shape, 1);

        Assert.Equal(new[] { 2, 4, 3 }, last.ShapeArray());
        Assert.Equal(112, last.Values[(1 * 4 + 2) * 3 + 1]);   // n 1, w 2, c 1
        Assert.Equal(x, ChannelAxis.FromChannelsLast(last, shape, 1));
    }

    [Fact]
    public void Ghost_batches_are_strided_and_each_uses_its_own_moments()
    {
        // x [4, 1] = [1, 10, 3, 20], virtual_batch_size 2: TF reshapes to [2, 2, 1] and reduces axis 0, so
        // ghost 0 = samples 0, 2 = {1, 3} (μ 2, σ² 1) and ghost 1 = samples 1, 3 = {10, 20} (μ 15, σ² 25).
        // ε = 0, no γ/β: every ghost normalizes to ∓1 → y = [−1, −1, 1, 1].
        // The moving statistics get the mean over ghosts: μ (2 + 15)/2 = 8.5, σ² (1 + 25)/2 = 13
        // (the whole batch's σ² would be 127.5 − 8.5² = 55.25).
        var r = GhostBatch.ForwardTraining(Batch.FromMatrix(new double[,] { { 1 }, { 10 }, { 3 }, { 20 } }), 2, null, null, 0);

        Assert.Equal(new double[] { -1, -1, 1, 1 }, r.Output.ToArray());
        Assert.Equal(new[] { 8.5 }, r.UpdateMean);
        Assert.Equal(new[] { 13.0 }, r.UpdateVariance);
    }

    [Fact]
    public void Ghost_batch_size_must_divide_the_batch()
    {
        var e = Assert.Throws<ArgumentException>(() => GhostBatch.ForwardTraining(Batch.FromMatrix(new double[,] { { 1 }, { 2 }, { 3 } }), 2, null, null, 0));
        Assert.Contains("virtual_batch_size 2", e.Message);
    }

    [Fact]
    public void Renorm_clips_r_and_d_then_uses_the_updated_renorm_statistics()
    {
        // x [2, 1] = [0, 4]: μ 2, σ² 4, ε 0 → σ_B 2. Initially renorm_mean 0, renorm_stddev 1.
        // Step 1: r = 2/1 = 2 → rmax 1.5; d = (2 − 0)/1 = 2 → dmax 1. x̂ = [−1, 1], y = x̂·1.5 + 1 = [−0.5, 2.5].
        // Updates (v −= (v − value)(1 − decay)): renorm decay 0.5 → renorm_mean 1, renorm_stddev 1.5;
        // decay 0.9 → moving_mean 0.2, moving_stddev 1 − (1 − 2)·0.1 = 1.1, moving_variance 1.1² − 0 = 1.21.
        // Step 2, same batch: r = 2/1.5 = 4/3, d = (2 − 1)/1.5 = 2/3 (no clipping) → y = [−4/3 + 2/3, 4/3 + 2/3].
        var x = Batch.FromMatrix(new double[,] { { 0 }, { 4 } });
        var clipping = new RenormClipping(Rmax: 1.5, Rmin: 0.5, Dmax: 1);
        var first = Renorm.Train(x, RenormState.Initial(1), null, null, 0, clipping, decay: 0.9, renormDecay: 0.5);

        Assert.Equal(new[] { 1.5 }, first.R);
        Assert.Equal(new[] { 1.0 }, first.D);
        TestData.AllClose([-0.5, 2.5], first.Output.ToArray(), 1e-15, "y step 1");
        TestData.AllClose([1], first.After.RenormMean, 1e-15, "renorm_mean");
        TestData.AllClose([1.5], first.After.RenormStddev, 1e-15, "renorm_stddev");
        TestData.AllClose([0.2], first.After.MovingMean, 1e-15, "moving_mean");
        TestData.AllClose([1.1], first.After.MovingStddev, 1e-15, "moving_stddev");
        TestData.AllClose([1.21], first.After.MovingVariance, 1e-15, "moving_variance");

        var second = Renorm.Train(x, first.After, null, null, 0, clipping, decay: 0.9, renormDecay: 0.5);
        TestData.AllClose([4.0 / 3], second.R, 1e-15, "r step 2");
        TestData.AllClose([2.0 / 3], second.D, 1e-15, "d step 2");
        TestData.AllClose([-2.0 / 3, 2], second.Output.ToArray(), 1e-15, "y step 2");
    }

    [Fact]
    public void Renorm_floors_the_renorm_stddev_at_root_epsilon_and_applies_gamma_and_beta()
    {
        // renorm_stddev 0, ε 0.25 → s = max(0, 0.5) = 0.5. x [2, 1] = [0, 1]: μ 0.5, σ² 0.25, σ_B = √0.5.
        // r = √0.5/0.5 = √2 (rmin 2 lifts it to 2), d = 0.5/0.5 = 1 (no dmax). x̂ = ∓0.5/√0.5 = ∓√0.5.
        // γ 3, β 1: y = x̂·(2·3) + (1·3 + 1) = ∓6√0.5 + 4. moving_variance = relu(moving_stddev² − ε).
        var state = RenormState.Initial(1) with { RenormStddev = [0] };
        var step = Renorm.Train(Batch.FromMatrix(new double[,] { { 0 }, { 1 } }), state, [3], [1], 0.25,
            new RenormClipping(Rmax: null, Rmin: 2, Dmax: null), decay: 0.9, renormDecay: 0.9);

        Assert.Equal(new[] { 2.0 }, step.R);
        Assert.Equal(new[] { 1.0 }, step.D);
        TestData.AllClose([4 - 6 * Math.Sqrt(0.5), 4 + 6 * Math.Sqrt(0.5)], step.Output.ToArray(), 1e-14, "y");
        var stddev = 1 - (1 - Math.Sqrt(0.5)) * (1 - 0.9);
        TestData.AllClose([stddev * stddev - 0.25], step.After.MovingVariance, 1e-14, "moving_variance");
    }
}
