using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;
using TfBnPort.Tests.Packaging;
using DocumentKernelInfo = Microsoft.DotNet.Interactive.Documents.KernelInfo;

namespace TfBnPort.Tests.Notebooks;

/// <summary>What one code cell did: its position, how long it ran, what it printed and which images it displayed.</summary>
/// <param name="Cell">1-based position among all the notebook's cells (markdown included), as an editor shows them.</param>
/// <param name="CodeCell">1-based position among the code cells.</param>
/// <param name="Packages">The NuGet packages the cell's <c>#r "nuget: …"</c> lines restored, dependencies included.</param>
public sealed record CellRun(int Cell, int CodeCell, string FirstLine, TimeSpan Elapsed, string Output, IReadOnlyList<NotebookImage> Images,
    IReadOnlyList<RestoredPackage> Packages);

/// <summary>A package the kernel restored: its id, version and the folder it was restored to.</summary>
public sealed record RestoredPackage(string Name, string Version, string Root);

/// <summary>A run of every code cell of one notebook, in order.</summary>
public sealed record NotebookRun(string Notebook, IReadOnlyList<CellRun> Cells)
{
    public IEnumerable<NotebookImage> Images => Cells.SelectMany(c => c.Images);

    public IEnumerable<RestoredPackage> Packages => Cells.SelectMany(c => c.Packages);

    /// <summary>Everything the cells wrote to standard output and error.</summary>
    public string Output => string.Concat(Cells.Select(c => c.Output));

    public TimeSpan Elapsed => Cells.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Elapsed);
}

/// <summary>
/// Runs a Polyglot (.NET Interactive) notebook the way an editor's "Run All" does: every C# code
/// cell in order, in one in-process <see cref="CSharpKernel"/> whose working directory is the
/// notebook's folder (so its relative <c>#r</c> paths resolve as they do in VS Code or Jupyter).
/// The first failing cell stops the run with a <see cref="NotebookCellException"/> that names the
/// notebook and the cell.
/// <para>
/// The notebooks load the project as packages: <c>#r "nuget: TfBnPort.Tensorflow, VERSION"</c>, with
/// VERSION the one of Packaging.props, from the ../artifacts source that notebooks/nuget.config names
/// (the kernel's restore reads the nuget.config of its working directory). Given a
/// <see cref="PackageFeed"/> (this run's own packages, packed into artifacts/ under a version of their
/// own so that no cache serves older bits), the runner puts the feed's version in those <c>#r</c>
/// lines: the only change it makes to them. In this process the packages' assemblies resolve, at run
/// time, to the identical copies the test host already loaded (one TfBnPort.Tensorflow, one
/// native-library resolver, one libtensorflow); compiling the cells, restoring the packages and their
/// dependencies is what the packages themselves provide.
/// </para>
/// <para>
/// The runner's fixtures reference a build by path (<c>#r "…/src/TfBnPort.Console/bin/Release/net10.0/…"</c>).
/// When the tests themselves were built in another configuration, the runner points those
/// <c>#r</c> lines at that configuration's folder instead.
/// </para>
/// <para>
/// The kernel's working directory is the process's (CSharpKernel reads it at every submission),
/// so runs are serialized here and the tests that use the runner are in a non-parallel collection.
/// </para>
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static readonly Regex ReferenceLine = new(@"^(\s*#r\s+"")([^""]+)("".*)$", RegexOptions.Multiline);

    /// <summary><c>#r "nuget: TfBnPort.X, VERSION"</c>: group 2 the id, group 3 the version.</summary>
    private static readonly Regex ProjectPackageLine = new(@"^(\s*#r\s+""nuget:\s*(TfBnPort\.[\w.]+)\s*,\s*)([^""\s]+)(\s*"".*)$", RegexOptions.Multiline);

    /// <summary>The configuration the tests were built in ("Release", "Debug").</summary>
    public static string Configuration { get; } =
        typeof(NotebookRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The C# kernel; markdown cells are skipped, any other kernel is refused.</summary>
    public static KernelInfoCollection KernelInfos { get; } = new()
    {
        new DocumentKernelInfo("csharp", "C#", ["c#", "C#", "cs"]),
        new DocumentKernelInfo("markdown", "Markdown", ["md"]),
    };

    /// <param name="feed">Where this run's packages are; null for a notebook that loads none of the project's packages.</param>
    public static async Task<NotebookRun> RunAsync(string path, TimeSpan? timeout = null, PackageFeed? feed = null)
    {
        path = Path.GetFullPath(path);
        var name = Path.GetFileName(path);
        var document = Notebook.Parse(await File.ReadAllTextAsync(path), KernelInfos);
        var folder = Path.GetDirectoryName(path)!;
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromMinutes(5);

        await OneAtATime.WaitAsync();
        var previousDirectory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            // #i / #r "nuget: …" as the dotnet-interactive tool behind VS Code and Jupyter wires them up.
            using var kernel = new CSharpKernel().UseKernelHelpers().UseNugetDirective((k, packages) =>
            {
                k.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            });
            var cells = new List<CellRun>();
            var codeCell = 0;
            for (var i = 0; i < document.Elements.Count; i++)
            {
                var element = document.Elements[i];
                if (element.KernelName == "markdown") continue;
                codeCell++;
                var cell = i + 1;
                var firstLine = FirstLine(element.Contents);
                if (element.KernelName != "csharp")
                    throw new NotebookCellException(name, cell, codeCell, firstLine,
                        $"the cell is for the '{element.KernelName}' kernel; the notebook runner executes C# cells only.");
                if (string.IsNullOrWhiteSpace(element.Contents)) continue;

                var code = PointReferencesAtConfiguration(element.Contents, folder, name, cell, codeCell, firstLine);
                code = PointPackagesAtFeed(code, feed, name, cell, codeCell, firstLine);
                var clock = Stopwatch.StartNew();
                var remaining = limit - deadline.Elapsed;
                if (remaining <= TimeSpan.Zero)
                    throw new NotebookCellException(name, cell, codeCell, firstLine, $"the notebook ran past its {limit.TotalSeconds:0} s limit before this cell.");
                KernelCommandResult result;
                try
                {
                    result = await kernel.SendAsync(new SubmitCode(code)).WaitAsync(remaining);
                }
                catch (TimeoutException)
                {
                    throw new NotebookCellException(name, cell, codeCell, firstLine, $"the cell was still running when the notebook's {limit.TotalSeconds:0} s limit ran out.");
                }
                var run = Collect(result, cell, codeCell, firstLine, clock.Elapsed);
                if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
                    throw new NotebookCellException(name, cell, codeCell, firstLine, Describe(failed), run.Output);
                cells.Add(run);
            }
            return new NotebookRun(name, cells);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
    }

    /// <summary>The first non-blank line of a cell, trimmed and shortened (what error messages quote).</summary>
    public static string FirstLine(string contents)
    {
        var line = contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > 100 ? line[..97] + "..." : line;
    }

    /// <summary>
    /// <c>#r "…/bin/Release/…"</c> becomes <c>#r "…/bin/{Configuration}/…"</c> when the tests are not a
    /// Release build; a referenced file that does not exist fails the cell with the command that builds it.
    /// </summary>
    private static string PointReferencesAtConfiguration(string code, string folder, string notebook, int cell, int codeCell, string firstLine) =>
        ReferenceLine.Replace(code, m =>
        {
            var reference = m.Groups[2].Value;
            if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) return m.Value;
            if (Configuration != "Release") reference = reference.Replace("/bin/Release/", $"/bin/{Configuration}/");
            var file = Path.GetFullPath(Path.Combine(folder, reference));
            if (!File.Exists(file))
                throw new NotebookCellException(notebook, cell, codeCell, firstLine,
                    $"#r \"{reference}\": {file} does not exist. Build the solution first: dotnet build TfBnPort.sln -c {Configuration}");
            return m.Groups[1].Value + reference + m.Groups[3].Value;
        });

    /// <summary>
    /// <c>#r "nuget: TfBnPort.X, VERSION"</c> becomes <c>#r "nuget: TfBnPort.X, {feed.Version}"</c>. VERSION must be
    /// the solution's (what <c>dotnet pack</c> writes to artifacts/), else the cell fails saying so.
    /// </summary>
    private static string PointPackagesAtFeed(string code, PackageFeed? feed, string notebook, int cell, int codeCell, string firstLine) =>
        ProjectPackageLine.Replace(code, m =>
        {
            var (id, version) = (m.Groups[2].Value, m.Groups[3].Value);
            if (version != PackedPackages.SolutionVersion)
                throw new NotebookCellException(notebook, cell, codeCell, firstLine,
                    $"#r \"nuget: {id}, {version}\": the solution packs version {PackedPackages.SolutionVersion} (Packaging.props); reference that version.");
            if (feed is null)
                throw new NotebookCellException(notebook, cell, codeCell, firstLine,
                    $"#r \"nuget: {id}, {version}\": the notebook loads the project's packages; run it with the packed feed (PackedPackages.Get()).");
            return m.Groups[1].Value + feed.Version + m.Groups[4].Value;
        });

    private static CellRun Collect(KernelCommandResult result, int cell, int codeCell, string firstLine, TimeSpan elapsed)
    {
        var output = new System.Text.StringBuilder();
        var images = new List<NotebookImage>();
        var packages = new List<RestoredPackage>();
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case PackageAdded added:
                    packages.Add(new RestoredPackage(added.PackageReference.PackageName, added.PackageReference.PackageVersion, added.PackageReference.PackageRoot));
                    break;
                case StandardOutputValueProduced or StandardErrorValueProduced:
                    output.Append(((DisplayEvent)e).FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value);
                    break;
                case DisplayEvent display: // DisplayedValueProduced, DisplayedValueUpdated, ReturnValueProduced
                    images.AddRange(NotebookImage.Find(display.FormattedValues.Select(v => (v.MimeType, v.Value)), cell));
                    break;
            }
        }
        return new CellRun(cell, codeCell, firstLine, elapsed, output.ToString(), images, packages);
    }

    /// <summary>
    /// A compilation error: the compiler's diagnostics. An exception: its type, message and the
    /// frames of the cell's own code (Submission#N), not the kernel's.
    /// </summary>
    private static string Describe(CommandFailed failed)
    {
        if (failed.Exception is null or CodeSubmissionCompilationErrorException) return failed.Message;
        var e = failed.Exception;
        var lines = new List<string> { $"{e.GetType().FullName}: {e.Message}" };
        lines.AddRange((e.StackTrace ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains("Submission#", StringComparison.Ordinal)).Take(8));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            lines.Add($" ---> {inner.GetType().FullName}: {inner.Message}");
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>A code cell that failed (a compilation error, an exception, a missing build) in a notebook run.</summary>
public sealed class NotebookCellException(string notebook, int cell, int codeCell, string firstLine, string error, string output = "")
    : Exception($"{notebook}, cell {cell} (code cell {codeCell}) \"{firstLine}\" failed: {error}" +
                (output.Length > 0 ? $"{Environment.NewLine}Its output before failing:{Environment.NewLine}{Tail(output)}" : ""))
{
    public string Notebook { get; } = notebook;

    /// <summary>1-based position among all the notebook's cells.</summary>
    public int Cell { get; } = cell;

    /// <summary>1-based position among the code cells.</summary>
    public int CodeCell { get; } = codeCell;

    public string FirstLine { get; } = firstLine;
    public string Error { get; } = error;

    private static string Tail(string output) => output.Length <= 2000 ? output : "…" + output[^2000..];
}
