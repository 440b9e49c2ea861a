namespace TfBnPort.Acquisition;

/// <summary>
/// The per-user cache folder where fetched artifacts (native runtime, MNIST) live.
/// Order: TFBNPORT_CACHE_DIR, then $XDG_CACHE_HOME/tfbnport, then ~/.cache/tfbnport.
/// </summary>
public static class CacheFolder
{
    public const string OverrideVariable = "TFBNPORT_CACHE_DIR";

    public static string Root
    {
        get
        {
            var explicitDir = Environment.GetEnvironmentVariable(OverrideVariable);
            if (!string.IsNullOrWhiteSpace(explicitDir)) return Path.GetFullPath(explicitDir);
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, "tfbnport");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "tfbnport");
        }
    }

    /// <summary>A named sub-folder of the cache, created if needed.</summary>
    public static string Sub(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
