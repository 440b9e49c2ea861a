using System.Buffers.Binary;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// Appends records in TensorFlow's TFRecord format (core/lib/io/record_writer.cc): uint64 length,
/// masked CRC32C of those 8 bytes, the data, masked CRC32C of the data, all little-endian.
/// Event files, TFRecord datasets and TensorBoard all read this framing.
/// </summary>
public sealed class TfRecordWriter : IDisposable
{
    public const int HeaderSize = 12;
    public const int FooterSize = 4;

    private readonly Stream _stream;
    private readonly bool _ownsStream;

    public TfRecordWriter(Stream stream, bool ownsStream = true)
    {
        _stream = stream;
        _ownsStream = ownsStream;
    }

    /// <summary>Bytes written so far (the offset of the next record).</summary>
    public long Position => _stream.Position;

    public void Write(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[FooterSize];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
    }

    /// <summary>Pushes buffered bytes to the operating system (what EventsWriter::Flush does before fsync).</summary>
    public void Flush() => _stream.Flush();

    /// <summary>The masked CRC32C stored after the length and after the data.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> bytes) => CheckpointCrc32C.Mask(CheckpointCrc32C.Compute(bytes));

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }
}
