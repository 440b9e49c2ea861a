using System.Text.RegularExpressions;
using TfBnPort.Samples;

namespace TfBnPort.Tests.Models;

/// <summary>
/// The checkpoints of the full-length runs in models/ restore, through `eval`, to exactly the
/// test accuracy models/README.md records for them (as a count of correct test digits).
/// </summary>
[Collection(TfBnPort.Tests.Samples.SampleRunsCollection.Name)]
public class CommittedModelsTests
{
    /// <summary>Rows of the README's "Recorded" table: | sample | checkpoint under models/ | correct/examples |.</summary>
    public static TheoryData<string, string, int, int> Recorded()
    {
        var data = new TheoryData<string, string, int, int>();
        var readme = File.ReadAllText(Path.Combine(ModelsDirectory(), "README.md"));
        foreach (Match m in Regex.Matches(readme, @"^\| `(?<sample>[a-z-]+)` \| `(?<ckpt>[^`]+)` \| (?<correct>\d+)/(?<examples>\d+) \|", RegexOptions.Multiline))
            data.Add(m.Groups["sample"].Value, m.Groups["ckpt"].Value, int.Parse(m.Groups["correct"].Value), int.Parse(m.Groups["examples"].Value));
        return data;
    }

    [Fact]
    public void EverySampleHasARecordedModel()
    {
        var samples = Recorded().Select(row => (string)row[0]).ToHashSet();
        Assert.Equal(SampleCatalog.Names.OrderBy(n => n), samples.OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(Recorded))]
    public void EvalReproducesTheRecordedTestAccuracy(string sample, string checkpoint, int correct, int examples)
    {
        var path = Path.Combine(ModelsDirectory(), checkpoint);
        var result = SampleCatalog.Find(sample).Evaluate(path, new SampleOptions { Log = TextWriter.Null, OutputDir = Path.GetTempPath() });
        var accuracy = result.Accuracies.First(a => a.Split == "test");
        Assert.Equal(examples, accuracy.Examples);
        Assert.Equal(correct, (int)Math.Round(accuracy.Value * accuracy.Examples));
    }

    public static string ModelsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TfBnPort.sln"))) return Path.Combine(dir.FullName, "models");
        throw new DirectoryNotFoundException("TfBnPort.sln not found above the test assembly; run the tests from the repository.");
    }
}
