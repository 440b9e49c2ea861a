using System.Buffers.Binary;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>A record's payload and the file offset of its header.</summary>
public readonly record struct TfRecord(long Offset, byte[] Data);

/// <summary>
/// Reads TFRecord framing (see <see cref="TfRecordWriter"/>) and checks both CRCs. Damage does not
/// stop it: a truncated last record (a writer killed mid-write) ends the file with everything
/// before it returned; a record whose CRC fails is reported with its file and offset and the reader
/// goes on at the next record that checks out. Problems go to <see cref="Problems"/>.
/// </summary>
public sealed class TfRecordReader
{
    /// <summary>Records larger than this are treated as a corrupt length (TensorBoard reads nothing that large).</summary>
    private const ulong MaxRecordLength = 1L << 31;

    private readonly string _source;
    private readonly byte[] _bytes;

    public TfRecordReader(string path) : this(path, File.ReadAllBytes(path)) { }

    public TfRecordReader(string source, byte[] bytes)
    {
        _source = source;
        _bytes = bytes;
    }

    /// <summary>One line per damaged place, naming the file and offset.</summary>
    public List<string> Problems { get; } = new();

    public IEnumerable<TfRecord> Read()
    {
        long offset = 0;
        while (offset < _bytes.Length)
        {
            var remaining = _bytes.Length - offset;
            if (remaining < TfRecordWriter.HeaderSize)
            {
                Problems.Add($"{_source}: truncated record at offset {offset} ({remaining} bytes of a {TfRecordWriter.HeaderSize}-byte header); skipped (a writer stopped mid-write).");
                yield break;
            }
            var header = _bytes.AsSpan((int)offset, TfRecordWriter.HeaderSize);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != TfRecordWriter.MaskedCrc(header[..8]) || length > MaxRecordLength)
            {
                var next = FindNextHeader(offset + 1);
                Problems.Add($"{_source}: corrupted record at offset {offset}: the length's CRC does not match; " +
                             (next < 0 ? "no later record found." : $"resuming at offset {next}."));
                if (next < 0) yield break;
                offset = next;
                continue;
            }
            var total = TfRecordWriter.HeaderSize + (long)length + TfRecordWriter.FooterSize;
            if (total > remaining)
            {
                Problems.Add($"{_source}: truncated record at offset {offset} (needs {total} bytes, {remaining} left); skipped (a writer stopped mid-write).");
                yield break;
            }
            var data = _bytes.AsSpan((int)offset + TfRecordWriter.HeaderSize, (int)length);
            var dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)(offset + TfRecordWriter.HeaderSize + (long)length), 4));
            if (dataCrc != TfRecordWriter.MaskedCrc(data))
                Problems.Add($"{_source}: corrupted record at offset {offset}: the data's CRC does not match; record skipped.");
            else
                yield return new TfRecord(offset, data.ToArray());
            offset += total;
        }
    }

    /// <summary>The first offset from <paramref name="start"/> whose 12 bytes form a header with a valid length CRC, or -1.</summary>
    private long FindNextHeader(long start)
    {
        for (var o = start; o + TfRecordWriter.HeaderSize <= _bytes.Length; o++)
        {
            var header = _bytes.AsSpan((int)o, TfRecordWriter.HeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) == TfRecordWriter.MaskedCrc(header[..8])
                && BinaryPrimitives.ReadUInt64LittleEndian(header) <= MaxRecordLength)
                return o;
        }
        return -1;
    }
}
