using System.Security.Cryptography;

namespace TfBnPort.Acquisition;

/// <summary>Hex digests of files, for verifying downloaded artifacts.</summary>
public static class FileHashes
{
    public static string Sha256(string path) => Hex(SHA256.HashData, path);
    public static string Md5(string path) => Hex(MD5.HashData, path);

    private static string Hex(Func<Stream, byte[]> hash, string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(hash(stream)).ToLowerInvariant();
    }
}
