namespace TfBnPort.Data;

/// <summary>
/// An IDX file that is not what its header promises (wrong magic, truncated, trailing bytes,
/// inconsistent with its partner file, ...). The message names the file, what was expected,
/// what was found, and how to get a good copy.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/>: <see cref="InvalidDataException"/>, the natural base, is sealed.
/// </remarks>
public sealed class IdxFormatException : IOException
{
    /// <summary>The repair hint appended to every message.</summary>
    public const string DefaultFix =
        "Delete the cached file so it is fetched again, or point TFBNPORT_MNIST_DIR at a good copy.";

    public IdxFormatException(string filePath, string problem, string expected, string found, Exception? inner = null)
        : base($"{filePath}: {problem}. Expected {expected}; found {found}. {DefaultFix}", inner)
    {
        FilePath = filePath;
        Problem = problem;
        Expected = expected;
        Found = found;
    }

    /// <summary>The file (or stream name) the problem was found in.</summary>
    public string FilePath { get; }

    public string Problem { get; }
    public string Expected { get; }
    public string Found { get; }
}
