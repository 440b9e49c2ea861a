namespace TfBnPort.Acquisition;

/// <summary>
/// An exclusive lock file, so that parallel test processes do not fetch the same artifact twice
/// or read a half-written cache entry.
/// </summary>
public sealed class CrossProcessLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessLock(FileStream stream) => _stream = stream;

    public static CrossProcessLock Acquire(string lockPath, TimeSpan timeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
