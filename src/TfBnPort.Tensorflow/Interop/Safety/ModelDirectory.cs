namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>Whether a path a model names stays inside the model's own directory.</summary>
public static class ModelDirectory
{
    /// <summary>True when <paramref name="path"/>, resolved against <paramref name="directory"/> if relative, lies inside it.</summary>
    public static bool Contains(string directory, string path)
    {
        if (path.Length == 0 || path.Contains('\0')) return false;
        string root, full;
        try
        {
            root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
            full = Path.GetFullPath(path, root);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || full == root;
    }

    /// <summary>True when a relative suffix (appended to a prefix inside the directory) cannot climb out of it.</summary>
    public static bool IsTameSuffix(string suffix) =>
        !suffix.Contains('\0') && !suffix.Split('/', '\\').Contains("..");
}
