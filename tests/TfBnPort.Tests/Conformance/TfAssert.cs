namespace TfBnPort.Tests.Conformance;

/// <summary>The assertions of TF's test_util.TensorFlowTestCase that the ported tests share.</summary>
internal static class TfAssert
{
    /// <summary>
    /// assertAllClose: as many values as expected, and |actual − expected| ≤ atol + rtol·|expected| for each
    /// (np.allclose's rule), naming the first element that is not. <paramref name="nanEqualsNan"/>: a NaN where a
    /// NaN is expected passes, as np.testing.assert_allclose (which TF's assertion calls) lets it.
    /// </summary>
    public static void AllClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double rtol, double atol, string what = "", bool nanEqualsNan = false)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} values, expected {expected.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (nanEqualsNan && double.IsNaN(e) && double.IsNaN(a)) continue;
            Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"{what}: element {i} is {a:R}, expected {e:R} (rtol {rtol}, atol {atol})");
        }
    }
}
