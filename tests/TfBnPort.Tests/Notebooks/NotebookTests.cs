using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using TfBnPort.Tests.Packaging;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Notebooks;

/// <summary>
/// The notebook runs share the process's working directory and Console (the kernel captures it while
/// a cell runs), and train small networks: one at a time, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebooksCollection
{
    public const string Name = "Notebooks";
}

/// <summary>
/// Every notebook in notebooks/ runs cell by cell in a C# kernel, at its quick length, and shows
/// the plots it promises; a broken notebook fails naming the notebook and the cell.
/// </summary>
[Collection(NotebooksCollection.Name)]
public class NotebookTests(ITestOutputHelper output)
{
    /// <summary>The notebooks, with the number of plots (inline PNGs) each promises. A new notebook must be listed here.</summary>
    public static readonly IReadOnlyDictionary<string, int> PromisedPlots = new Dictionary<string, int>
    {
        ["contrib-mlp.ipynb"] = 1,
        ["cnn-manual-bn.ipynb"] = 1,
        ["geron-dnn.ipynb"] = 1,
        ["bn-vs-nobn.ipynb"] = 1,
        ["bn-explained.ipynb"] = 2,
        ["distributed.ipynb"] = 1,
    };

    /// <summary>No notebook is allowed more time than this (their quick lengths take seconds).</summary>
    private static readonly TimeSpan NotebookLimit = TimeSpan.FromMinutes(3);

    public static string NotebooksFolder => Path.Combine(RepoRoot(), "notebooks");

    public static string FixturesFolder => Path.Combine(RepoRoot(), "tests", "TfBnPort.Tests", "Notebooks", "Fixtures");

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void TheNotebooksFolderHoldsTheSixNotebooksAndTheirPlotPromises()
    {
        var files = Directory.GetFiles(NotebooksFolder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(PromisedPlots.Keys.Order(StringComparer.Ordinal).ToArray(), files);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void StartsQuickWithItsFullLengthSwitchOff(string notebook)
    {
        var document = Notebook.Parse(File.ReadAllText(Path.Combine(NotebooksFolder, notebook)), NotebookRunner.KernelInfos);
        var first = document.Elements.First(e => e.KernelName == "csharp");
        Assert.Matches(@"^(//[^\n]*\n)*var FULL_LENGTH = false;", first.Contents.Replace("\r", ""));
    }

    /// <summary>The setup cell (the <c>#r "nuget: …"</c> lines, usings, plot formatter) is copied into every notebook: the copies must agree.</summary>
    [Fact]
    public void EveryNotebookHasTheSameSetupCell()
    {
        var setups = Setups();
        Assert.All(setups, s => Assert.True(s.Setup is not null, $"{s.Notebook} has no setup cell (a code cell starting with #r \"nuget:)"));
        Assert.All(setups, s => Assert.True(s.Setup == setups[0].Setup, $"{s.Notebook}'s setup cell differs from {setups[0].Notebook}'s"));
    }

    /// <summary>
    /// The notebooks run without building the repository: their setup cell takes the packages that
    /// <c>dotnet pack TfBnPort.sln -c Release -o artifacts</c> writes, at the version that pack gives
    /// them, from the source notebooks/nuget.config names (../artifacts, relative to that file: the
    /// kernel's restore reads the nuget.config of its working directory, the notebook's folder; .NET
    /// Interactive's <c>#i "nuget: …"</c> takes absolute paths and URLs only). No notebook references a
    /// build output by path.
    /// </summary>
    [Fact]
    public void TheSetupCellLoadsThePackagesThatDotnetPackWritesToArtifacts()
    {
        var config = XDocument.Load(Path.Combine(NotebooksFolder, "nuget.config"));
        var sources = config.Descendants("packageSources").Elements("add").Select(e => (string?)e.Attribute("value")).ToList();
        Assert.Contains("../artifacts", sources);
        Assert.Empty(config.Descendants("packageSources").Elements("clear")); // nuget.org still serves the dependencies

        foreach (var (notebook, setup) in Setups())
        {
            Assert.NotNull(setup);
            var references = Regex.Matches(setup, @"^#r ""nuget: (TfBnPort\.[\w.]+), ([^""]+)""$", RegexOptions.Multiline)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.Equal(["TfBnPort.Data", "TfBnPort.Reference", "TfBnPort.Samples", "TfBnPort.Tensorflow"], references.Keys.Order(StringComparer.Ordinal));
            Assert.All(references, r => Assert.True(r.Value == PackedPackages.SolutionVersion,
                $"{notebook}: #r \"nuget: {r.Key}, {r.Value}\" but Packaging.props packs {PackedPackages.SolutionVersion}"));
            Assert.All(references.Keys, id => Assert.Contains(id, PackedPackages.Ids));
            var text = File.ReadAllText(Path.Combine(NotebooksFolder, notebook));
            Assert.DoesNotContain("/bin/Release/", text);
        }
    }

    private static List<(string Notebook, string? Setup)> Setups() =>
        Directory.GetFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal).Select(path =>
        {
            var document = Notebook.Parse(File.ReadAllText(path), NotebookRunner.KernelInfos);
            var setup = document.Elements.FirstOrDefault(e => e.KernelName == "csharp" && e.Contents.TrimStart().StartsWith("#r \"nuget:", StringComparison.Ordinal));
            return (Notebook: Path.GetFileName(path), Setup: setup?.Contents.Replace("\r", ""));
        }).ToList();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task EveryCodeCellRunsAndThePromisedPlotsShow(string notebook)
    {
        Assert.True(PromisedPlots.TryGetValue(notebook, out var plots), $"{notebook} is not listed in {nameof(PromisedPlots)}: add it with the number of plots it shows.");

        var feed = PackedPackages.Get();

        var run = await NotebookRunner.RunAsync(Path.Combine(NotebooksFolder, notebook), NotebookLimit, feed);

        // The kernel restored this run's packages (not an older copy of the same version), with their
        // dependencies: TfBnPort.Acquisition, NumSharp and Google.Protobuf come as packages of their own.
        foreach (var package in run.Packages) output.WriteLine($"restored {package.Name} {package.Version} in {package.Root}");
        var restored = run.Packages.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var id in new[] { "TfBnPort.Tensorflow", "TfBnPort.Acquisition", "TfBnPort.Data", "TfBnPort.Reference", "TfBnPort.Samples" })
        {
            Assert.True(restored.TryGetValue(id, out var package), $"{notebook}: the kernel did not restore {id}; it restored {string.Join(", ", restored.Keys)}");
            Assert.Equal(feed.Version, package.Version);
        }
        Assert.Contains("NumSharp", restored.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Google.Protobuf", restored.Keys, StringComparer.OrdinalIgnoreCase);

        foreach (var cell in run.Cells)
            output.WriteLine($"cell {cell.Cell,2} {cell.Elapsed.TotalSeconds,6:0.00} s  {cell.Images.Count} image(s)  {cell.FirstLine}");
        output.WriteLine($"{notebook}: {run.Cells.Count} code cells in {run.Elapsed.TotalSeconds:0.0} s");
        Keep(run);
        var images = run.Images.ToList();
        Assert.True(images.Count >= plots,
            $"{notebook} promises {plots} plot(s) but displayed {images.Count} PNG image(s); cells that displayed one: {string.Join(", ", images.Select(i => i.Cell))}.");
        Assert.All(images, i => Assert.True(i.Width >= 200 && i.Height >= 150, $"cell {i.Cell}: a {i.Width}x{i.Height} image is no plot"));
    }

    [Fact]
    public async Task ANotebookWhoseCellThrowsFailsNamingTheNotebookAndTheCell()
    {
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(Path.Combine(FixturesFolder, "broken.ipynb"), NotebookLimit));

        Assert.Equal("broken.ipynb", e.Notebook);
        Assert.Equal(6, e.Cell);
        Assert.Equal(3, e.CodeCell);
        Assert.Equal("var per_step = learning_rates.Length / Divisor(); // Divisor() is 2 - 2 = 0", e.FirstLine);
        Assert.Contains("DivideByZeroException", e.Error);
        Assert.StartsWith("broken.ipynb, cell 6 (code cell 3) \"var per_step = ", e.Message);
        // What the cell printed before it threw comes with the failure; the cells after it never ran.
        Assert.Contains("about to divide", e.Message);
        Assert.DoesNotContain("never reached", e.Message);
    }

    [Fact]
    public async Task ANotebookWhoseCellDoesNotCompileFailsNamingTheNotebookTheCellAndTheError()
    {
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(Path.Combine(FixturesFolder, "does-not-compile.ipynb"), NotebookLimit));

        Assert.Equal("does-not-compile.ipynb", e.Notebook);
        Assert.Equal(4, e.Cell);
        Assert.Equal(2, e.CodeCell);
        Assert.Equal("var accuracy = correct / total;", e.FirstLine);
        Assert.Contains("CS0103", e.Error); // The name 'total' does not exist in the current context
        Assert.Contains("'total'", e.Error);
    }

    [Fact]
    public async Task ANotebookWhoseReferencedBuildIsMissingFailsSayingWhatToBuild()
    {
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(Path.Combine(FixturesFolder, "missing-build.ipynb"), NotebookLimit));

        Assert.Equal("missing-build.ipynb", e.Notebook);
        Assert.Equal(3, e.Cell);
        Assert.Contains($"/bin/{NotebookRunner.Configuration}/net10.0/NoSuchProject.dll", e.Error.Replace('\\', '/'));
        Assert.Contains($"Build the solution first: dotnet build TfBnPort.sln -c {NotebookRunner.Configuration}", e.Error);
    }

    [Fact]
    public async Task APlotCellDisplaysAPngThatTheRunnerFinds()
    {
        var run = await NotebookRunner.RunAsync(Path.Combine(FixturesFolder, "one-plot.ipynb"), NotebookLimit);

        var image = Assert.Single(run.Images);
        Assert.Equal(3, image.Cell);
        Assert.Equal((320, 240), (image.Width, image.Height));
        Assert.Contains("plotted 3 points", run.Output);
    }

    [Fact]
    public void FirstLineSkipsBlankLinesAndShortensLongOnes()
    {
        Assert.Equal("var x = 1;", NotebookRunner.FirstLine("\n\n   var x = 1;  \nvar y = 2;"));
        Assert.Equal(100, NotebookRunner.FirstLine(new string('x', 300)).Length);
    }

    /// <summary>
    /// With TFBNPORT_NOTEBOOK_OUTPUT set to a folder, each run leaves there what a reader would see:
    /// NAME.txt (every cell's printed output) and NAME.cellN.png (its plots).
    /// </summary>
    private static void Keep(NotebookRun run)
    {
        if (Environment.GetEnvironmentVariable("TFBNPORT_NOTEBOOK_OUTPUT") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var name = Path.GetFileNameWithoutExtension(run.Notebook);
        File.WriteAllText(Path.Combine(folder, name + ".txt"),
            string.Concat(run.Cells.Select(c => $"----- cell {c.Cell} ({c.Elapsed.TotalSeconds:0.00} s): {c.FirstLine}{Environment.NewLine}{c.Output}")));
        foreach (var (image, i) in run.Images.Select((image, i) => (image, i)))
            File.WriteAllBytes(Path.Combine(folder, $"{name}.cell{image.Cell}.{i}.png"), image.Png);
    }

    /// <summary>The folder holding TfBnPort.sln, found from the test assembly's folder upwards.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TfBnPort.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No TfBnPort.sln above {AppContext.BaseDirectory}.");
    }
}
