using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// The git description of the loaded runtime (what Python reports as tf.GIT_VERSION and writes into a
/// MetaInfoDef). The C API has no call for it; libtensorflow_framework exports the C++ function
/// tf_git_version(), which dlsym finds through libtensorflow's dependencies.
/// </summary>
public static class TensorflowBuildInfo
{
    private const string GitVersionSymbol = "_Z14tf_git_versionv"; // const char* tf_git_version()

    private static readonly Lazy<string> Git = new(ReadGitVersion);

    /// <summary>e.g. "v1.15.0-rc3-22-g590d6ee"; "unknown" when the library does not export it.</summary>
    public static string GitVersion => Git.Value;

    private static unsafe string ReadGitVersion()
    {
        _ = TfNative.TF_Version(); // loads the library through the resolver
        if (TensorflowLibrary.LoadedPath is not { } path) return "unknown";
        var handle = NativeLibrary.Load(path);
        if (!NativeLibrary.TryGetExport(handle, GitVersionSymbol, out var function)) return "unknown";
        var text = ((delegate* unmanaged<IntPtr>)function)();
        return TfNative.PtrToString(text) is { Length: > 0 } version ? version : "unknown";
    }
}
