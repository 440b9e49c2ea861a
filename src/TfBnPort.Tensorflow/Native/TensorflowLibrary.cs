using System.Reflection;
using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// Resolves the "tensorflow" DllImport name: TFBNPORT_LIBTENSORFLOW if set (a user's own build,
/// never fetched over), else the verified cached 1.15.0 (fetched on first use).
/// </summary>
public static class TensorflowLibrary
{
    public const string OverrideVariable = "TFBNPORT_LIBTENSORFLOW";
    public const string FixCommand = "dotnet run --project src/TfBnPort.Console -c Release -- info";

    private static int _installed;
    private static IntPtr _handle;
    private static readonly object Gate = new();

    /// <summary>Where the loaded library came from.</summary>
    public static string? LoadedPath { get; private set; }

    /// <summary>"environment" or "cache".</summary>
    public static string? Source { get; private set; }

    public static void EnsureResolverInstalled()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(TensorflowLibrary).Assembly, Resolve);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    /// <summary>
    /// TensorFlow logs INFO lines (CPU features, XLA service) on every first session; they break
    /// progress bars. Unless the user chose a level, keep warnings and errors only. The native
    /// environment must be set: .NET's Environment.SetEnvironmentVariable does not reach getenv.
    /// </summary>
    private static void QuietInfoLogs()
    {
        if (Environment.GetEnvironmentVariable("TF_CPP_MIN_LOG_LEVEL") is null)
        {
            try { SetNativeEnvironment("TF_CPP_MIN_LOG_LEVEL", "1", 0); } catch (Exception) { /* not fatal: only log noise */ }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == TfNative.Library ? Load() : IntPtr.Zero;

    /// <summary>Loads the library (once) and checks its version; throws a <see cref="NativeLibraryException"/> that says how to fix it.</summary>
    public static IntPtr Load()
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero) return _handle;
            var userPath = Environment.GetEnvironmentVariable(OverrideVariable);
            string path;
            if (!string.IsNullOrWhiteSpace(userPath))
            {
                path = Path.GetFullPath(userPath);
                Source = "environment";
            }
            else
            {
                Source = "cache";
                try { path = RuntimeAcquisition.EnsureCached(); }
                catch (Exception e) when (e is not NativeLibraryException)
                {
                    throw new NativeLibraryException(
                        $"libtensorflow 1.15.0 is not in the cache ({RuntimeAcquisition.CacheDirectory}) and fetching it failed: {e.Message} " +
                        $"Fix: make sure npm can reach its registry and run `{FixCommand}`, or set {OverrideVariable} to your own libtensorflow.so.", e);
                }
            }
            QuietInfoLogs();
            _handle = LoadVerified(path);
            LoadedPath = path;
            return _handle;
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> and checks it is a TensorFlow C library of version 1.15 or later;
    /// every failure is a <see cref="NativeLibraryException"/> naming the path and the fix.
    /// </summary>
    public static IntPtr LoadVerified(string path)
    {
        if (!File.Exists(path))
            throw new NativeLibraryException(
                $"The TensorFlow C library '{path}' does not exist ({OverrideVariable}={Environment.GetEnvironmentVariable(OverrideVariable) ?? "<unset>"}). " +
                $"Set {OverrideVariable} to the path of a libtensorflow.so (1.15 or later), or unset it to use the verified 1.15.0 " +
                $"that the project fetches and caches itself ({FixCommand}).");
        // Preload the framework library beside it, so its soname resolves even without the symlink.
        var dir = Path.GetDirectoryName(path)!;
        foreach (var framework in new[] { "libtensorflow_framework.so.1", RuntimeAcquisition.FrameworkLibrary, "libtensorflow_framework.so.2" })
        {
            var candidate = Path.Combine(dir, framework);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out _)) break;
        }
        IntPtr handle;
        try { handle = NativeLibrary.Load(path); }
        catch (Exception e)
        {
            throw new NativeLibraryException(
                $"'{path}' exists but could not be loaded as the TensorFlow C library: {e.Message} " +
                $"Fix: check it is a libtensorflow.so for this platform (linux-x64) with libtensorflow_framework beside it, " +
                $"or unset {OverrideVariable} to use the verified 1.15.0 ({FixCommand}).", e);
        }
        if (!NativeLibrary.TryGetExport(handle, "TF_Version", out var versionFn) || !NativeLibrary.TryGetExport(handle, "TF_SessionRun", out _))
            throw new NativeLibraryException($"'{path}' loads but lacks TF_Version/TF_SessionRun: it is not the TensorFlow C library. " +
                                             $"Point {OverrideVariable} at libtensorflow.so, or unset it ({FixCommand}).");
        string version;
        unsafe { version = TfNative.PtrToString(((delegate* unmanaged<IntPtr>)versionFn)()); }
        if (!IsSupported(version))
            throw new NativeLibraryException($"'{path}' is TensorFlow {version}; this project needs 1.15 or later. " +
                                             $"Point {OverrideVariable} at a 1.15+ build, or unset it to use the verified 1.15.0 ({FixCommand}).");
        return handle;
    }

    /// <summary>1.15 or newer: the graph-mode C API this binding uses is stable from there on.</summary>
    public static bool IsSupported(string version)
    {
        var parts = version.Split('.', '-');
        if (parts.Length < 2 || !int.TryParse(parts[0], out var major) || !int.TryParse(parts[1], out var minor)) return false;
        return major > 1 || (major == 1 && minor >= 15);
    }
}
