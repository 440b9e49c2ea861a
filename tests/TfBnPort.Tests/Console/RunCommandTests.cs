using System.Globalization;
using System.Text.RegularExpressions;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Cli;

[Collection(SampleRunsCollection.Name)]
public class RunCommandTests
{
    [Fact]
    public void RunWritesCsvPlotAndCheckpointThatEvalAndCkptListRead()
    {
        using var output = new TempOutput();
        var (code, text) = CliRunner.Run("run", "bn-vs-nobn", "--limit", "3000", "--steps", "60", "--test-limit", "1000", "--seed", "3", "--out", output.Path);

        Assert.True(code == 0, text);
        var dir = Path.Combine(output.Path, "bn-vs-nobn");
        Assert.Contains($"Output folder: {output.Path}", text);
        Assert.Contains("Final accuracies", text);

        // metrics.csv: header, then per network every 20 steps a train and a test accuracy.
        var csv = File.ReadAllLines(Path.Combine(dir, "metrics.csv"));
        Assert.Equal("sample,series,step,metric,value", csv[0]);
        Assert.Equal(12, csv.Length - 1);
        Assert.All(csv.Skip(1), row => Assert.Matches(@"^bn-vs-nobn,(bn|no_bn),(20|40|60),(train|test)_accuracy,0\.\d+$", row));

        // curves.png is a PNG.
        var png = File.ReadAllBytes(Path.Combine(dir, "curves.png"));
        Assert.True(png.Length > 1000, $"{png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);

        // eval restores the BN network's checkpoint to the accuracy the run logged last.
        var logged = csv.Last(r => r.StartsWith("bn-vs-nobn,bn,60,test_accuracy,", StringComparison.Ordinal)).Split(',')[4];
        var (evalCode, evalText) = CliRunner.Run("eval", "bn-vs-nobn", "--checkpoint", Path.Combine(dir, "bn.ckpt"), "--test-limit", "1000");
        Assert.True(evalCode == 0, evalText);
        var restored = Regex.Match(evalText, @"test accuracy \(bn\): (\d+)/1000 = ").Groups[1].Value;
        Assert.Equal(Math.Round(double.Parse(logged, CultureInfo.InvariantCulture) * 1000), double.Parse(restored, CultureInfo.InvariantCulture));

        // ckpt list on the folder: its latest checkpoint (bn.ckpt), variables with dtype and shape.
        var (listCode, listText) = CliRunner.Run("ckpt", "list", dir);
        Assert.True(listCode == 0, listText);
        Assert.Matches(@"Variable\s+│ float32 │ \(784, 100\)", listText);
    }
}
