using System.Globalization;

namespace TfBnPort.Data;

/// <summary>
/// The `verified` file in the MNIST cache folder: one line per file with its size, last-write
/// time and MD5, written after a successful check. While size and time still match, the files
/// are trusted without hashing 55 MB again on every load.
/// </summary>
internal static class VerifiedMarker
{
    public const string FileName = "verified";

    public static bool Matches(string directory, IReadOnlyList<MnistFileInfo> files)
    {
        var markerPath = Path.Combine(directory, FileName);
        string[] lines;
        try
        {
            if (!File.Exists(markerPath)) return false;
            lines = File.ReadAllLines(markerPath);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }

        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4) recorded[parts[0]] = line.Trim();
        }
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Name);
            if (!File.Exists(path)) return false;
            if (!recorded.TryGetValue(file.Name, out var line) || line != Describe(path, file)) return false;
        }
        return true;
    }

    public static void Write(string directory, IReadOnlyList<MnistFileInfo> files)
    {
        var lines = files.Select(f => Describe(Path.Combine(directory, f.Name), f));
        var temp = Path.Combine(directory, $"{FileName}.{Environment.ProcessId}.tmp");
        File.WriteAllLines(temp, lines);
        File.Move(temp, Path.Combine(directory, FileName), overwrite: true);
    }

    public static void Delete(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path)) File.Delete(path);
    }

    private static string Describe(string path, MnistFileInfo file)
    {
        var info = new FileInfo(path);
        return string.Join(' ', file.Name, info.Length.ToString(CultureInfo.InvariantCulture),
            info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), file.Md5);
    }
}
