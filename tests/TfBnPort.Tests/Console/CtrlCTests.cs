using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Globalization;
using TfBnPort.Console;
using TfBnPort.Console.Output;
using TfBnPort.Samples;
using TfBnPort.Tests.Summary;
using ProtoValue = TfBnPort.Tensorflow.Protos.Summary.Types.Value;
using TfBnPort.Console.Commands;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Cli;

[Collection(SampleRunsCollection.Name)]
public class CtrlCTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private const int SIGINT = 2;

    /// <summary>The real thing: a tfbnport process gets SIGINT mid-training, saves and says so.</summary>
    [Fact]
    public void SigintStopsTrainingSavesACheckpointAndExitsWith130()
    {
        if (!OperatingSystem.IsLinux()) return; // SIGINT by kill(2)
        using var output = new TempOutput();
        var app = typeof(App).Assembly.Location; // tfbnport.dll, copied beside the tests with its runtimeconfig
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { app, "run", "bn-vs-nobn", "--limit", "2000", "--steps", "1000000", "--test-limit", "500", "--seed", "3", "--out", output.Path })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var training = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (e.Data.Contains("Step 20,", StringComparison.Ordinal)) training.Set();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(training.Wait(TimeSpan.FromSeconds(60)), "training did not start: " + string.Join("\n", lines));
            Assert.Equal(0, kill(process.Id, SIGINT));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the process did not stop after SIGINT");
            process.WaitForExit(); // drain the output
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        var text = string.Join("\n", lines);
        Assert.True(process.ExitCode == RunCommand.InterruptedExitCode, $"exit code {process.ExitCode}:\n{text}");
        Assert.Contains("Ctrl+C: stopping at the next training step", text);
        Assert.Contains("Interrupted:", text);
        Assert.True(File.Exists(Path.Combine(output.Path, "bn-vs-nobn", "no_bn.ckpt.index")), text);

        // Nothing logged is lost: every scalar the run wrote to metrics.csv up to the interrupt is in its
        // event files (read with TensorFlow's record reader), at the run and tag SampleLogs.RunAndTag gives it.
        var csv = File.ReadAllLines(Path.Combine(output.Path, "bn-vs-nobn", MetricsCsv.FileName)).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (SampleLogs.RunAndTag(f[1], f[3], mainSeries: ""), Step: long.Parse(f[2], CultureInfo.InvariantCulture),
                Value: (float)double.Parse(f[4], CultureInfo.InvariantCulture)))
            .Select(m => (m.Item1.Run, m.Item1.Tag, m.Step, m.Value)).ToList();
        Assert.NotEmpty(csv);
        var logdir = Path.Combine(output.Path, "bn-vs-nobn", "logs");
        var written = Directory.GetFiles(logdir, "events.out.tfevents.*", SearchOption.AllDirectories)
            .SelectMany(file => TensorflowRecords.Events(file).Where(e => e.Summary is not null)
                .SelectMany(e => e.Summary.Value.Where(v => v.ValueCase == ProtoValue.ValueOneofCase.SimpleValue)
                    .Select(v => (Run: Path.GetRelativePath(logdir, Path.GetDirectoryName(file)!), v.Tag, e.Step, v.SimpleValue))))
            .ToList();
        Assert.Equal(csv.Order(), written.Order());
    }
}
