namespace TfBnPort.Tests.Reference;

using TfBnPort.Reference;

public class DeviationTests
{
    [Fact]
    public void Max_abs_is_the_largest_absolute_difference()
    {
        Assert.Equal(1.0, Deviation.MaxAbs([1.0, 2.0, 3.0], [1.0, 2.5, 2.0]));
        Assert.Equal(0.0, Deviation.MaxAbs(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void Max_rel_divides_by_the_reference_value_or_the_floor_whichever_is_larger()
    {
        // |110 − 100| / 100 = 0.1;  |1e-9 − 0| / max(0, 1e-3) = 1e-6
        Assert.Equal(0.1, Deviation.MaxRel([110.0, 1e-9], [100.0, 0.0], floor: 1e-3), 1e-15);
        Assert.Equal(1e-6, Deviation.MaxRel([1e-9], [0.0], floor: 1e-3), 1e-20);
        // the floor only matters below it: |2 − 1| / max(1, 0.5) = 1
        Assert.Equal(1.0, Deviation.MaxRel([2.0], [1.0], floor: 0.5));
    }

    [Fact]
    public void Float_results_are_compared_after_widening_to_double()
    {
        // 0.1f is 0.100000001490116…, so it misses 0.1 by about 1.49e-9
        Assert.Equal((double)0.1f - 0.1, Deviation.MaxAbs([0.1f], [0.1]));
        var summary = Deviation.Of([0.1f, 2f], [0.1, 2.0], floor: 1e-6);
        Assert.Equal((double)0.1f - 0.1, summary.MaxAbs);
        Assert.Equal(((double)0.1f - 0.1) / 0.1, summary.MaxRel, 1e-20);
    }

    [Fact]
    public void Nan_anywhere_makes_the_deviation_nan_so_tolerance_checks_fail()
    {
        Assert.True(double.IsNaN(Deviation.MaxAbs([1.0, double.NaN], [1.0, 2.0])));
        Assert.True(double.IsNaN(Deviation.MaxRel([1.0, 2.0], [double.NaN, 2.0], 1e-6)));
        Assert.True(double.IsNaN(Deviation.MaxAbs([double.PositiveInfinity], [double.PositiveInfinity])));
        Assert.False(Deviation.MaxAbs([1.0, double.NaN], [1.0, 2.0]) <= 1.0);
    }

    [Fact]
    public void Mismatched_lengths_and_bad_floors_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Deviation.MaxAbs([1.0, 2.0], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deviation.MaxRel([1.0], [1.0], 0));
    }
}
