namespace TfBnPort.Tests.Reference;

using TfBnPort.Reference;

public class MovingAverageTests
{
    [Fact]
    public void Assign_sub_and_interpolate_match_a_two_step_hand_computation()
    {
        // init 1, value 3, decay 0.9: 1 − (1 − 3)·0.1 = 1.2, then 1.2 − (1.2 − 3)·0.1 = 1.38
        // closed form: 3·(1 − 0.9²) + 1·0.9² = 0.57 + 0.81 = 1.38
        double[] viaSub = MovingAverage.AssignSub(MovingAverage.AssignSub([1.0], [3.0], 0.9), [3.0], 0.9);
        double[] viaBlend = MovingAverage.Interpolate(MovingAverage.Interpolate([1.0], [3.0], 0.9), [3.0], 0.9);

        Assert.Equal(1.38, viaSub[0], 1e-15);
        Assert.Equal(1.38, viaBlend[0], 1e-15);
        Assert.Equal(1.38, MovingAverage.AfterConstant(1, 3, 0.9, 2), 1e-15);
    }

    [Theory]
    [InlineData(0.9, 1)]
    [InlineData(0.99, 50)]
    [InlineData(0.999, 300)]
    public void Constant_batch_for_N_steps_gives_stat_times_one_minus_decay_to_the_N_plus_init_times_decay_to_the_N(
        double decay, int steps)
    {
        // a rank-2 batch under tf.layers' non-fused rule (biased σ², moving mean from 0, moving variance from 1)
        double[] x = TestData.Uniform(40, 8 * 3, -1, 5);
        var batch = new Batch(x, [8, 3]);
        var moments = BatchMoments.Of(batch);
        var stats = MovingStats.After(MovingStatsFlavour.LayersNonFused, decay, batch, steps);

        double kept = Math.Pow(decay, steps);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(moments.Mean[c] * (1 - kept) + 0 * kept, stats.Mean[c], 1e-12);
            Assert.Equal(moments.Variance[c] * (1 - kept) + 1 * kept, stats.Variance[c], 1e-12);
        }
        Assert.Equal(steps, stats.Steps);
    }

    [Fact]
    public void Hand_written_interpolation_equals_assign_sub_in_exact_arithmetic()
    {
        var batches = Enumerable.Range(0, 25).Select(i => new Batch(TestData.Uniform(100 + i, 10 * 4, -3, 3), [10, 4])).ToList();
        var handWritten = MovingStats.After(MovingStatsFlavour.HandWrittenAssign, 0.9, batches);
        var layers = MovingStats.After(MovingStatsFlavour.LayersNonFused, 0.9, batches);

        TestData.AllClose(layers.Mean, handWritten.Mean, 1e-14, "mean");
        TestData.AllClose(layers.Variance, handWritten.Variance, 1e-14, "variance");
        Assert.True(Deviation.MaxAbs(layers.Variance, [1, 1, 1, 1]) > 0.1, "the statistics should have moved");
    }

    [Fact]
    public void Varying_batches_follow_the_step_by_step_recurrence()
    {
        // v_t = v_{t−1} − (v_{t−1} − s_t)·(1 − d), written out independently for 3 batches
        var batches = Enumerable.Range(0, 3).Select(i => new Batch(TestData.Uniform(200 + i, 5 * 2, 0, 4), [5, 2])).ToList();
        var m = batches.Select(BatchMoments.Of).ToList();
        const double d = 0.8;
        var stats = MovingStats.After(MovingStatsFlavour.ContribFused, d, batches);

        for (int c = 0; c < 2; c++)
        {
            double mean = 0, variance = 1;
            foreach (var s in m)
            {
                mean = d * mean + (1 - d) * s.Mean[c];
                variance = d * variance + (1 - d) * s.Variance[c] * 5 / 4;   // contrib fused: Bessel with m = N = 5
            }
            Assert.Equal(mean, stats.Mean[c], 1e-14);
            Assert.Equal(variance, stats.Variance[c], 1e-14);
        }
    }

    [Fact]
    public void Non_fused_layers_track_the_biased_variance_and_fused_layers_the_bessel_corrected_one()
    {
        // one step from moving variance 1 with decay 0.9: 0.9·1 + 0.1·(variance fed)
        int[] shape = [2, 2, 2, 3];   // NHWC, m = 8
        var batch = new Batch(TestData.Uniform(50, TestData.Product(shape), -2, 2), shape);
        var moments = BatchMoments.Of(batch);

        var nonFused = MovingStats.After(MovingStatsFlavour.LayersNonFused, 0.9, batch, 1);
        var fused = MovingStats.After(MovingStatsFlavour.LayersFused, 0.9, batch, 1);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(0.9 + 0.1 * moments.Variance[c], nonFused.Variance[c], 1e-15);
            Assert.Equal(0.9 + 0.1 * moments.Variance[c] * 8 / 7, fused.Variance[c], 1e-15);
            Assert.Equal(nonFused.Mean[c], fused.Mean[c], 1e-15);   // the mean rule is the same
        }
    }

    [Fact]
    public void Contrib_fused_path_on_a_dense_batch_corrects_with_m_equal_batch_size()
    {
        // contrib reshapes rank 2 [N, C] to [N, 1, 1, C]: m = N = 4 → factor 4/3; constant batch, 30 steps of decay 0.999
        var batch = Batch.FromMatrix(new double[,] { { 1, 10 }, { 2, 20 }, { 3, 30 }, { 6, 0 } });
        var stats = MovingStats.After(MovingStatsFlavour.ContribFused, 0.999, batch, 30);
        // channel 0: μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5, Bessel = 14/3
        // channel 1: μ = 15, σ² = (25 + 25 + 225 + 225)/4 = 125, Bessel = 500/3
        Assert.Equal(MovingAverage.AfterConstant(0, 3, 0.999, 30), stats.Mean[0], 1e-14);
        Assert.Equal(MovingAverage.AfterConstant(1, 14.0 / 3, 0.999, 30), stats.Variance[0], 1e-14);
        Assert.Equal(MovingAverage.AfterConstant(0, 15, 0.999, 30), stats.Mean[1], 1e-13);
        Assert.Equal(MovingAverage.AfterConstant(1, 500.0 / 3, 0.999, 30), stats.Variance[1], 1e-13);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void Zero_debias_gives_the_batch_value_after_one_step_and_keeps_it_under_constant_input(double decay)
    {
        var state = ZeroDebiasState.Start(2);
        double[] value = [3.25, -7.5];

        var (first, afterOne) = state.Update(value, decay);
        TestData.AllClose(value, first, 1e-13, "after 1 step");
        // the hidden biased EMA itself is still shrunk towards 0: value·(1 − decay)
        TestData.AllClose([3.25 * (1 - decay), -7.5 * (1 - decay)], afterOne.Biased, 1e-15, "biased");
        Assert.Equal(1, afterOne.LocalStep);

        var current = afterOne;
        double[] variable = first;
        for (int i = 0; i < 20; i++) (variable, current) = current.Update(value, decay);
        TestData.AllClose(value, variable, 1e-12, "after 21 steps");
        Assert.Equal(21, current.LocalStep);
    }

    [Fact]
    public void Zero_debias_with_varying_input_is_the_normalized_weighted_average()
    {
        // variable_t = (1 − d)·Σ_k d^(t−k)·v_k / (1 − dᵗ)
        double[] values = [2, 5, -1, 4];
        const double d = 0.7;
        var state = ZeroDebiasState.Start(1);
        for (int t = 1; t <= values.Length; t++)
        {
            (double[] variable, state) = state.Update([values[t - 1]], d);
            double weighted = 0;
            for (int k = 1; k <= t; k++) weighted += (1 - d) * Math.Pow(d, t - k) * values[k - 1];
            Assert.Equal(weighted / (1 - Math.Pow(d, t)), variable[0], 1e-14);
        }
    }

    [Fact]
    public void Default_assign_moving_average_ignores_the_start_values_and_debiases_both_statistics()
    {
        var batch = Batch.FromMatrix(new double[,] { { 1, 2 }, { 3, 6 } });   // μ = [2, 4], σ² = [1, 4]
        var stats = MovingStats.After(MovingStatsFlavour.AssignMovingAverageDefault, 0.99, batch, 1);
        TestData.AllClose([2, 4], stats.Mean, 1e-13, "mean");
        TestData.AllClose([1, 4], stats.Variance, 1e-13, "variance (biased)");

        // whereas the layers' AssignSub moves only 1% of the way from the start values 0 and 1
        var layers = MovingStats.After(MovingStatsFlavour.LayersNonFused, 0.99, batch, 1);
        TestData.AllClose([0.02, 0.04], layers.Mean, 1e-15, "layers mean");
        TestData.AllClose([1, 1.03], layers.Variance, 1e-15, "layers variance");
    }

    [Fact]
    public void Contrib_zero_debias_moving_mean_debiases_the_mean_only()
    {
        var batch = Batch.FromMatrix(new double[,] { { 1, 2 }, { 3, 6 } });   // μ = [2, 4], Bessel σ² = [2, 8]
        var stats = MovingStats.After(MovingStatsFlavour.ContribFusedZeroDebiasedMean, 0.999, batch, 1);
        TestData.AllClose([2, 4], stats.Mean, 1e-12, "mean");
        TestData.AllClose([0.999 + 0.001 * 2, 0.999 + 0.001 * 8], stats.Variance, 1e-15, "variance");
    }

    [Fact]
    public void Ema_of_moment_tensors_starts_both_shadows_at_zero()
    {
        var batch = Batch.FromMatrix(new double[,] { { 1, 2 }, { 3, 6 } });   // μ = [2, 4], σ² = [1, 4]
        var stats = MovingStats.After(MovingStatsFlavour.EmaOfMoments, 0.9, batch, 2);
        // 2 steps from 0: s·(1 − 0.81) = 0.19·s
        TestData.AllClose([0.38, 0.76], stats.Mean, 1e-15, "mean");
        TestData.AllClose([0.19, 0.76], stats.Variance, 1e-15, "variance");
    }

    [Theory]
    [InlineData(0.999, null, 0.999)]
    [InlineData(0.999, 0L, 0.1)]                    // (1 + 0)/(10 + 0)
    [InlineData(0.999, 1000L, 1001.0 / 1010.0)]     // still below 0.999
    [InlineData(0.999, 1_000_000L, 0.999)]
    public void Ema_decay_with_num_updates_is_capped_by_one_plus_n_over_ten_plus_n(double decay, long? n, double expected)
    {
        Assert.Equal(expected, MovingAverage.EmaDecay(decay, n), 1e-15);
    }

    [Fact]
    public void Each_flavour_feeds_the_variance_of_its_tf_path()
    {
        var moments = BatchMoments.Of(Batch.FromMatrix(new double[,] { { 1, 2 }, { 3, 6 } }));   // biased [1, 4], Bessel [2, 8]
        double[] biased = [1, 4], bessel = [2, 8];

        Assert.Equal(biased, MovingStatsFlavour.LayersNonFused.VarianceToFeed(moments));
        Assert.Equal(bessel, MovingStatsFlavour.LayersFused.VarianceToFeed(moments));
        Assert.Equal(bessel, MovingStatsFlavour.ContribFused.VarianceToFeed(moments));
        Assert.Equal(bessel, MovingStatsFlavour.ContribFusedZeroDebiasedMean.VarianceToFeed(moments));
        Assert.Equal(biased, MovingStatsFlavour.HandWrittenAssign.VarianceToFeed(moments));
        Assert.Equal(biased, MovingStatsFlavour.AssignMovingAverageDefault.VarianceToFeed(moments));
        Assert.Equal(biased, MovingStatsFlavour.EmaOfMoments.VarianceToFeed(moments));
        Assert.Equal(7, MovingStatsFlavour.All.Distinct().Count());
    }

    [Fact]
    public void Simulation_refuses_empty_input_and_mismatched_channels()
    {
        Assert.Throws<ArgumentException>(() => MovingStats.After(MovingStatsFlavour.LayersFused, 0.99, Array.Empty<Batch>()));
        var stats = new MovingStats(MovingStatsFlavour.LayersFused, 3);
        Assert.Throws<ArgumentException>(() => stats.Update(new Batch([1.0, 2, 3, 4], [2, 2]), 0.99));
        Assert.Equal(new double[3], stats.Mean);
        Assert.Equal(new double[] { 1, 1, 1 }, stats.Variance);
    }
}
