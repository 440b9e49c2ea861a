using System.Globalization;
using System.Text.RegularExpressions;
using TfBnPort.Reference;
using TfBnPort.Tests.Samples;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Packaging;

/// <summary>
/// A user's project, outside this repository, takes the binding as a package: <c>dotnet new console</c>,
/// <c>dotnet add package TfBnPort.Tensorflow</c> from the packed folder, then a TF1 graph that builds and runs.
/// </summary>
[Collection(PackagesCollection.Name)]
public class NewConsoleProjectTests(ITestOutputHelper log)
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(4);

    // The graph's inputs. Kernel, bias and batch are exact in float32, so the float64 reference below
    // starts from the very values TensorFlow starts from.
    private static readonly double[,] Kernel = { { 0.5, -1.0 }, { 0.25, 2.0 }, { -0.75, 0.5 } };
    private const double Bias = 0.125;
    private static readonly double[,] Batch = { { 1, 2, 3 }, { 4, 5, 6 }, { -1, 0, 2 }, { 0.5, -3, 1 } };

    /// <summary>
    /// placeholder → tf.layers.dense (constant kernel and bias) → tf.layers.batch_normalization(training: true),
    /// written as a user would; it prints the normalized batch row-major, round-trippable.
    /// </summary>
    private const string Program = """
        using System.Globalization;
        using TfBnPort.Tensorflow;

        using var graph = new Graph();
        using var _ = graph.as_default();
        var x = tf.placeholder(tf.float32, new TensorShape(-1, 3), name: "x");
        var kernel = new FuncInitializer((shape, dtype) => tf.constant(new float[,] { { 0.5f, -1f }, { 0.25f, 2f }, { -0.75f, 0.5f } }));
        var dense = tf.layers.dense(x, 2, kernel_initializer: kernel, bias_initializer: tf.constant_initializer(0.125));
        var bn = tf.layers.batch_normalization(dense, training: true);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var y = sess.run(bn, new FeedDict { { x, new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { -1, 0, 2 }, { 0.5f, -3, 1 } } } });
        Console.WriteLine($"TensorFlow {tf.VERSION}");
        Console.WriteLine("y = " + string.Join(" ", y.ToArray<float>().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        """;

    [Fact]
    public void ANewConsoleProjectAddsTheBindingFromThePackedFolderAndItsBatchNormMatchesTheReference()
    {
        var feed = PackedPackages.Get();
        log.WriteLine($"packed {feed.Version} into {feed.Folder} (the pack took {PackedPackages.PackTime.TotalSeconds:0} s)");
        using var work = new TempOutput();
        var project = Path.Combine(work.Path, "BnApp");

        Succeeds(ChildProcess.RunDotnet(work.Path, CommandLimit, "new", "console", "--name", "BnApp", "--output", project, "--no-restore"));
        // The packed folder as a package source beside the user's own (nuget.org here): the binding's
        // dependencies (NumSharp, Google.Protobuf) come from there, as for any user.
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="tfbnport-packed" value="{feed.Folder}" />
              </packageSources>
            </configuration>
            """);
        Succeeds(ChildProcess.RunDotnet(project, CommandLimit, "add", "package", "TfBnPort.Tensorflow", "--version", feed.Version));
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        Succeeds(ChildProcess.RunDotnet(project, CommandLimit, "build", "-c", "Release", "--disable-build-servers", "-nologo"));

        var bin = Path.Combine(project, "bin", "Release", "net10.0");
        // The binding came with its acquisition package and NumSharp; the native runtime did not come
        // with any package (it is fetched and verified at first use).
        Assert.True(File.Exists(Path.Combine(bin, "TfBnPort.Acquisition.dll")), "TfBnPort.Acquisition did not come as a dependency");
        Assert.True(File.Exists(Path.Combine(bin, "NumSharp.dll")), "NumSharp did not come as a dependency");
        Assert.Empty(Directory.GetFiles(bin, "libtensorflow*", SearchOption.AllDirectories));

        var (code, output) = ChildProcess.Run(ChildProcess.Dotnet, [Path.Combine(bin, "BnApp.dll")], project, CommandLimit);
        log.WriteLine(output);
        Assert.True(code == 0, output);
        Assert.Matches(@"TensorFlow 1\.15", output);
        var printed = Regex.Match(output, @"^y = (.+)$", RegexOptions.Multiline).Groups[1].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        // Expected: the reference BN (float64, batch moments, biased variance, γ = 1, β = 0, tf.layers'
        // ε = 1e-3) of the dense layer's output x·W + b computed here.
        var expected = BatchNormReference.ForwardTraining(Dense(Batch, Kernel, Bias), null, null, 1e-3).Output.Values.ToArray();
        Assert.Equal(expected.Length, printed.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - printed[i]) < 1e-5, $"y[{i / 2}, {i % 2}]: TensorFlow {printed[i]}, reference {expected[i]}");
    }

    private static double[,] Dense(double[,] x, double[,] w, double b)
    {
        var z = new double[x.GetLength(0), w.GetLength(1)];
        for (var r = 0; r < x.GetLength(0); r++)
            for (var c = 0; c < w.GetLength(1); c++)
            {
                z[r, c] = b;
                for (var k = 0; k < w.GetLength(0); k++) z[r, c] += x[r, k] * w[k, c];
            }
        return z;
    }

    private void Succeeds((int ExitCode, string Output) run)
    {
        log.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
    }
}
