using System.Diagnostics;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tests.Binding;

/// <summary>What a user sees when the TensorFlow C library is missing, not a library, or too old.</summary>
public class NativeLibraryErrorTests
{
    [Fact]
    public void MissingLibraryNamesThePathAndTheFix()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "libtensorflow.so");
        var e = Assert.Throws<NativeLibraryException>(() => TensorflowLibrary.LoadVerified(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(TensorflowLibrary.OverrideVariable, e.Message);
        Assert.Contains(TensorflowLibrary.FixCommand, e.Message);
    }

    [Fact]
    public void AFileThatIsNotALibrarySaysItCouldNotBeLoaded()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fake-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "not an ELF file");
        try
        {
            var e = Assert.Throws<NativeLibraryException>(() => TensorflowLibrary.LoadVerified(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("could not be loaded", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("1.15.0", true)]
    [InlineData("1.15.5", true)]
    [InlineData("2.4.1", true)]
    [InlineData("1.14.0", false)]
    [InlineData("1.8.0", false)]
    [InlineData("garbage", false)]
    public void VersionsOlderThan115AreRefused(string version, bool supported) =>
        Assert.Equal(supported, TensorflowLibrary.IsSupported(version));

    [Fact]
    public void AnOldTensorflowBuildIsRefusedWithItsVersion()
    {
        // A stand-in library that exports TF_Version = "1.14.0" and a TF_SessionRun symbol, built with the system C compiler.
        var dir = Directory.CreateTempSubdirectory("tfbnport-oldtf-").FullName;
        try
        {
            var source = Path.Combine(dir, "old.c");
            var lib = Path.Combine(dir, "libtensorflow.so");
            File.WriteAllText(source, "const char* TF_Version(void) { return \"1.14.0\"; }\nvoid TF_SessionRun(void) {}\n");
            using var cc = Process.Start(new ProcessStartInfo("cc", $"-shared -fPIC -o {lib} {source}") { RedirectStandardError = true })!;
            cc.WaitForExit();
            Assert.True(cc.ExitCode == 0, "the C compiler (cc) is needed for this test: " + cc.StandardError.ReadToEnd());
            var e = Assert.Throws<NativeLibraryException>(() => TensorflowLibrary.LoadVerified(lib));
            Assert.Contains("1.14.0", e.Message);
            Assert.Contains("1.15 or later", e.Message);
            Assert.Contains(lib, e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ALibraryWithoutTheCApiIsRefused()
    {
        var libz = new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1" }.FirstOrDefault(File.Exists);
        Assert.NotNull(libz);
        var e = Assert.Throws<NativeLibraryException>(() => TensorflowLibrary.LoadVerified(libz!));
        Assert.Contains("not the TensorFlow C library", e.Message);
    }
}
