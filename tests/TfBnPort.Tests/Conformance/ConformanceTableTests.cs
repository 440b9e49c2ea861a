using System.Globalization;
using System.Reflection;

namespace TfBnPort.Tests.Conformance;

/// <summary>
/// docs/tf-conformance.md against the test assembly: a "passed" row must name a C# test that carries
/// [TfTest] for it, every [TfTest] must have its "passed" row, "not applicable" must give a reason
/// (as must "open": applicable, not ported yet),
/// and the totals at the top must be the counts of the rows (at least 90% applicable and passing,
/// the issue's bar). Whether the C# tests pass is the rest of the suite's job.
/// </summary>
public class ConformanceTableTests
{
    private static readonly IReadOnlyList<(MethodInfo Method, TfTestAttribute Cites)> Ported =
        typeof(ConformanceTableTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<TfTestAttribute>().Select(a => (m, a)))
            .ToList();

    [Fact]
    public void EveryPassedRowIsCitedByTheCSharpTestItNames()
    {
        var rows = ConformanceTable.Read(out _);
        Assert.NotEmpty(rows);
        foreach (var row in rows.Where(r => r.Passed))
        {
            var citing = Ported.Where(p => p.Cites.File == row.File && p.Cites.Test == row.Test).ToList();
            Assert.True(citing.Count > 0, $"{row.File} {row.Test} is 'passed' but no C# test carries [TfTest] for it.");
            Assert.True(citing.Any(p => $"{p.Method.DeclaringType!.Name}.{p.Method.Name}" == row.CSharpTest),
                $"{row.File} {row.Test} names '{row.CSharpTest}', but it is cited by {string.Join(", ", citing.Select(p => $"{p.Method.DeclaringType!.Name}.{p.Method.Name}"))}.");
            Assert.True(citing.All(p => p.Method.GetCustomAttributes().Any(a => a is FactAttribute)), $"{row.Test}: a citing method is not an xunit test.");
        }
    }

    [Fact]
    public void EveryCitedTestHasItsPassedRowAndNoTestIsListedTwice()
    {
        var rows = ConformanceTable.Read(out _);
        var duplicates = rows.GroupBy(r => (r.File, r.Test)).Where(g => g.Count() > 1).Select(g => $"{g.Key.File} {g.Key.Test}").ToList();
        Assert.True(duplicates.Count == 0, "Listed twice: " + string.Join(", ", duplicates));
        var passed = rows.Where(r => r.Passed).Select(r => (r.File, r.Test)).ToHashSet();
        var unlisted = Ported.Where(p => !passed.Contains((p.Cites.File, p.Cites.Test))).Select(p => $"{p.Cites.File} {p.Cites.Test} ({p.Method.Name})").ToList();
        Assert.True(unlisted.Count == 0, "Cited by a C# test but not a 'passed' row: " + string.Join(", ", unlisted));
        var unknown = rows.Where(r => !r.Passed && !r.NotApplicable && !r.Open).Select(r => $"{r.Test}: '{r.Status}'").ToList();
        Assert.True(unknown.Count == 0, "A status must be 'passed', 'not applicable: reason' or 'open: what it needs': " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheTotalsAtTheTopAreTheRowCountsAndMeetTheBar()
    {
        var rows = ConformanceTable.Read(out var totals);
        var passed = rows.Count(r => r.Passed);
        var open = rows.Count(r => r.Open);
        var share = 100.0 * passed / rows.Count;
        var expected = string.Create(CultureInfo.InvariantCulture,
            $"**Total: {passed} of {rows.Count} tests applicable and passing ({share:0.0}%); {rows.Count(r => r.NotApplicable)} not applicable; {open} open.**");
        Assert.Equal(expected, totals);
        Assert.True(share >= 90.0, $"Only {share:0.0}% of the TF tests are applicable and passing; the bar is 90%.");
        // The five files of issue 18, each with its rows.
        foreach (var file in new[]
                 {
                     "tensorflow/python/layers/normalization_test.py", "tensorflow/contrib/layers/python/layers/layers_test.py",
                     "tensorflow/python/ops/nn_batchnorm_test.py", "tensorflow/python/ops/nn_fused_batchnorm_test.py",
                     "tensorflow/python/training/moving_averages_test.py",
                 })
            Assert.Contains(rows, r => r.File == file);
    }
}
