using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TfBnPort.Tensorflow;

/// <summary>
/// Names and cleans the temporary files a save writes before moving them into place:
/// "NAME.tmp-PID-GUID" (TensorFlow appends its own ".index", ".data-…" and ".tempstate…" to a
/// temporary prefix). The writer's process id in the name lets a later save remove what a
/// killed process left behind without touching a save still running elsewhere.
/// </summary>
internal static partial class SaverTempFiles
{
    public static string NewTempName(string path) => $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public static bool IsTempName(string fileName) => TempMarker().IsMatch(fileName);

    /// <summary>Deletes every file that starts with <paramref name="tempPrefix"/> (it is unique to one save).</summary>
    public static void DeleteAll(string tempPrefix)
    {
        var dir = CheckpointPaths.DirectoryOf(tempPrefix);
        if (!Directory.Exists(dir)) return;
        var name = Path.GetFileName(tempPrefix);
        foreach (var file in Directory.EnumerateFiles(dir))
            if (Path.GetFileName(file).StartsWith(name, StringComparison.Ordinal)) TryDelete(file);
    }

    /// <summary>Removes temporary files of saves whose process has died (killed mid-save).</summary>
    public static void DeleteOrphans(string directory)
    {
        if (!Directory.Exists(directory)) return;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.tmp-*"))
        {
            var match = TempMarker().Match(Path.GetFileName(file));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, out var pid) || IsAlive(pid)) continue;
            if (TryDelete(file)) removed++;
        }
        if (removed > 0)
            CheckpointLog.Warn($"Removed {removed} temporary file(s) left in {directory} by an interrupted save of a process that has exited.");
    }

    public static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CheckpointLog.Warn($"Could not delete '{path}': {e.Message}");
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (Exception) { return true; }          // cannot tell: leave its files alone
    }

    [GeneratedRegex(@"\.tmp-(\d+)-[0-9a-f]{32}")]
    private static partial Regex TempMarker();
}
