using TfBnPort.FaultWorker;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tests.Reliability.Support;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// End to end, in a fresh process (Binding/NativeLibraryErrorTests calls LoadVerified in-process):
/// the first P/Invoke goes through the DllImport resolver, and what surfaces there must still
/// be a NativeLibraryException (not a DllNotFoundException, a TypeInitializationException or a
/// crash), so a program can print its message alone.
/// </summary>
public class NativeLibraryStartupTests
{
    [Theory]
    [InlineData("/nonexistent", "does not exist")]
    [InlineData("not-a-library", "could not be loaded as the TensorFlow C library")]
    public void ABadLibraryPathEndsTheProcessWithOneClearMessage(string library, string problem)
    {
        using var dir = new ScratchDir("native");
        var path = library.StartsWith('/') ? library : dir[library + ".so"];
        if (!library.StartsWith('/')) File.WriteAllText(path, "not an ELF file");

        using var worker = WorkerProcess.Start(new[] { "native" },
            new Dictionary<string, string?> { [TensorflowLibrary.OverrideVariable] = path });
        var exitCode = worker.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(Program.NativeLibraryMissing, exitCode);
        var stderr = worker.Stderr;
        Assert.StartsWith("error: ", stderr);
        Assert.Contains($"'{path}'", stderr);
        Assert.Contains(problem, stderr);
        Assert.Contains(TensorflowLibrary.OverrideVariable, stderr);
        Assert.Contains(TensorflowLibrary.FixCommand, stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.Equal("", worker.Stdout);
    }
}
