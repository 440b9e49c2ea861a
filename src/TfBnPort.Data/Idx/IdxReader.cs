using System.Buffers.Binary;
using System.IO.Compression;

namespace TfBnPort.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format), raw or gzip-compressed (detected by the 1f 8b magic,
/// not by the file name). Header: two zero bytes, a type code (only 0x08 = unsigned byte is
/// supported), the number of dimensions, then one big-endian uint32 per dimension; the payload
/// must hold exactly the product of the dimensions.
/// </summary>
/// <remarks>
/// Any malformed input ends in <see cref="IdxFormatException"/> and nothing else: declared sizes
/// are checked against the real stream length (or read incrementally for gzip) before any large
/// allocation, so a forged header cannot exhaust memory.
/// </remarks>
public static class IdxReader
{
    /// <summary>The largest payload accepted: what a single byte[] can hold.</summary>
    public static readonly long MaxElements = Array.MaxLength;

    private const byte UnsignedByteType = 0x08;
    private const int InitialGrowableBuffer = 1 << 20;

    /// <summary>Reads an IDX file; <paramref name="expectedRank"/> (3 for images, 1 for labels) is checked when given.</summary>
    public static IdxArray Read(string path, int? expectedRank = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(file, path, expectedRank);
    }

    /// <summary>Reads an IDX array from <paramref name="stream"/>; <paramref name="nameForMessages"/> names it in errors.</summary>
    public static IdxArray Read(Stream stream, string nameForMessages, int? expectedRank = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForMessages);
        try
        {
            return ReadCore(stream, nameForMessages, expectedRank);
        }
        catch (InvalidDataException e)
        {
            // GZipStream's complaint about a damaged deflate stream.
            throw new IdxFormatException(nameForMessages, "the gzip data is corrupt",
                "a valid gzip stream", $"a decompression error ({e.Message})", e);
        }
    }

    /// <summary>
    /// Reads an images file (rank 3) and its labels file (rank 1) and checks that they describe
    /// the same number of items.
    /// </summary>
    public static (IdxArray Images, IdxArray Labels) ReadImagesAndLabels(string imagesPath, string labelsPath)
    {
        var images = Read(imagesPath, expectedRank: 3);
        var labels = Read(labelsPath, expectedRank: 1);
        if (images.Count != labels.Count)
            throw new IdxFormatException(labelsPath, $"the labels do not pair with the images in {imagesPath}",
                $"{images.Count} labels (one per image)", $"{labels.Count} labels");
        return (images, labels);
    }

    private static IdxArray ReadCore(Stream stream, string name, int? expectedRank)
    {
        var source = OpenPossiblyCompressed(stream, name, out var compressed);
        try
        {
            // Bytes left in the stream when it can tell us; gzip and pipes cannot.
            long? available = !compressed && stream.CanSeek ? stream.Length - stream.Position : null;

            Span<byte> magic = stackalloc byte[4];
            var got = ReadFully(source, magic);
            if (got < 4)
                throw new IdxFormatException(name, "the file is too short for an IDX header",
                    "a 4-byte magic number (00 00 08 <rank>)", $"{got} byte(s)");
            var magicValue = BinaryPrimitives.ReadUInt32BigEndian(magic);
            var rankText = expectedRank is { } r ? $"0x{0x0800 | r:X8}" : "0x000008NN";
            if (magic[0] != 0 || magic[1] != 0)
                throw new IdxFormatException(name, "this is not an IDX file (bad magic number)",
                    $"magic number {rankText}", $"0x{magicValue:X8}");
            if (magic[2] != UnsignedByteType)
                throw new IdxFormatException(name, "unsupported IDX element type",
                    $"type code 0x08 (unsigned byte), magic {rankText}", $"type code 0x{magic[2]:X2} (magic 0x{magicValue:X8})");
            int rank = magic[3];
            if (rank == 0)
                throw new IdxFormatException(name, "the IDX header declares no dimensions",
                    $"magic number {rankText}", $"0x{magicValue:X8}");
            if (expectedRank is { } want && rank != want)
                throw new IdxFormatException(name, $"wrong kind of IDX file ({Describe(want)} expected)",
                    $"magic number 0x{0x0800 | want:X8} ({want} dimension(s))", $"0x{magicValue:X8} ({rank} dimension(s))");

            var dimBytes = new byte[4 * rank];
            got = ReadFully(source, dimBytes.AsSpan());
            if (got < dimBytes.Length)
                throw new IdxFormatException(name, "the IDX header is truncated",
                    $"{rank} dimension size(s) ({dimBytes.Length} bytes) after the magic number", $"{got} byte(s)");

            var dims = new int[rank];
            long elements = 1;
            bool anyZero = false;
            for (int i = 0; i < rank; i++)
            {
                var d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
                if (d > int.MaxValue)
                    throw new IdxFormatException(name, "an IDX dimension is implausibly large",
                        $"each dimension at most {int.MaxValue}", $"dimension {i} = {d}");
                dims[i] = (int)d;
                if (d == 0) anyZero = true;
            }
            if (anyZero) elements = 0;
            else
            {
                foreach (var d in dims)
                {
                    // Check before multiplying so the product never overflows.
                    if (elements > MaxElements / d)
                        throw new IdxFormatException(name, "the IDX header declares more data than this reader accepts",
                            $"at most {MaxElements} elements", $"dimensions [{string.Join(", ", dims)}]");
                    elements *= d;
                }
            }

            var headerLength = 4L + 4L * rank;
            if (available is { } total)
            {
                var payload = total - headerLength;
                if (payload != elements)
                    throw PayloadMismatch(name, dims, elements, payload, exact: true);
            }

            var data = available is null
                ? ReadGrowing(source, name, dims, elements)
                : ReadKnown(source, name, dims, elements);
            return new IdxArray(dims, data);
        }
        finally
        {
            if (compressed) source.Dispose();
        }
    }

    private static Stream OpenPossiblyCompressed(Stream stream, string name, out bool compressed)
    {
        var head = new byte[2];
        var got = ReadFully(stream, head.AsSpan());
        Stream rewound;
        if (stream.CanSeek)
        {
            stream.Seek(-got, SeekOrigin.Current);
            rewound = stream;
        }
        else
        {
            rewound = new ReplayPrefixStream(head, got, stream);
        }
        compressed = got == 2 && head[0] == 0x1f && head[1] == 0x8b;
        return compressed ? new GZipStream(rewound, CompressionMode.Decompress, leaveOpen: true) : rewound;
    }

    private static byte[] ReadKnown(Stream source, string name, int[] dims, long elements)
    {
        var data = new byte[elements];
        var got = ReadFully(source, data);
        if (got != elements)
            throw PayloadMismatch(name, dims, elements, got, exact: false);
        return data;
    }

    /// <summary>
    /// Reads a payload of unknown real length: the buffer grows only as bytes actually arrive, so
    /// a forged dimension costs no more memory than the data that is really there.
    /// </summary>
    private static byte[] ReadGrowing(Stream source, string name, int[] dims, long elements)
    {
        var buffer = new byte[Math.Min(elements, InitialGrowableBuffer)];
        long filled = 0;
        while (filled < elements)
        {
            if (filled == buffer.LongLength)
                Array.Resize(ref buffer, (int)Math.Min(elements, Math.Max(1L, buffer.LongLength * 2)));
            var n = source.Read(buffer, (int)filled, (int)(buffer.LongLength - filled));
            if (n == 0)
                throw PayloadMismatch(name, dims, elements, filled, exact: false);
            filled += n;
        }
        Span<byte> probe = stackalloc byte[1];
        if (source.Read(probe) != 0)
            throw new IdxFormatException(name, "there are trailing bytes after the IDX payload",
                $"exactly {elements} payload bytes for dimensions [{string.Join(", ", dims)}]", "more data after them");
        return buffer;
    }

    private static IdxFormatException PayloadMismatch(string name, int[] dims, long elements, long found, bool exact)
    {
        var problem = found < elements
            ? "the IDX payload is truncated"
            : "there are trailing bytes after the IDX payload";
        var foundText = exact || found < elements ? $"{found} bytes" : $"more than {elements} bytes";
        return new IdxFormatException(name, problem,
            $"{elements} payload bytes for dimensions [{string.Join(", ", dims)}]", foundText);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static long ReadFully(Stream stream, byte[] buffer)
    {
        long total = 0;
        while (total < buffer.LongLength)
        {
            var n = stream.Read(buffer, (int)total, (int)Math.Min(int.MaxValue, buffer.LongLength - total));
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string Describe(int rank) => rank switch
    {
        3 => "an images file",
        1 => "a labels file",
        _ => $"a rank-{rank} file",
    };
}
