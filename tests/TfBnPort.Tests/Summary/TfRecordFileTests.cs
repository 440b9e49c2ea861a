using TfBnPort.Tensorflow.Summary;
using TfBnPort.Tests.Reliability.Support;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// The record framing: what <see cref="TfRecordWriter"/> writes, TensorFlow's own TFRecordReaderV2
/// reads back byte for byte (it checks both masked CRC32Cs); damaged files are read as far as they go.
/// </summary>
public class TfRecordFileTests
{
    private static readonly byte[][] Payloads =
    [
        [],
        "brain.Event:2"u8.ToArray(),
        Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 % 256)).ToArray(),
        [0x00, 0xff, 0x0a, 0x0d],
    ];

    private static string WriteRecords(string dir, IEnumerable<byte[]> payloads)
    {
        var path = Path.Combine(dir, "records.tfrecord");
        using var writer = new TfRecordWriter(File.Create(path));
        foreach (var p in payloads) writer.Write(p);
        return path;
    }

    [Fact]
    public void TensorFlows_own_reader_reads_every_record_back()
    {
        using var tmp = new TempOutput();
        var path = WriteRecords(tmp.Path, Payloads);
        var read = TensorflowRecords.Read(path);
        Assert.Equal(Payloads.Length, read.Count);
        for (var i = 0; i < Payloads.Length; i++) Assert.Equal(Payloads[i], read[i]);
        // Framing: 12 header + data + 4 footer per record.
        Assert.Equal(Payloads.Sum(p => 16L + p.Length), new FileInfo(path).Length);
    }

    [Fact]
    public void The_checksum_is_crc32c_masked_as_tensorflow_masks_it()
    {
        // Hand-derived: CRC-32C("123456789") = 0xE3069283 (the standard check value); TF's mask
        // rotates right by 15 and adds 0xa282ead8.
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        var crc = 0xE3069283u;
        Assert.Equal(unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u), TfRecordWriter.MaskedCrc("123456789"u8));
    }

    [Fact]
    public void Our_reader_matches_on_a_clean_file()
    {
        using var tmp = new TempOutput();
        var path = WriteRecords(tmp.Path, Payloads);
        var reader = new TfRecordReader(path);
        Assert.Equal(Payloads, reader.Read().Select(r => r.Data).ToArray());
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void A_truncated_last_record_is_reported_and_everything_before_it_is_read()
    {
        using var tmp = new TempOutput();
        var path = WriteRecords(tmp.Path, Payloads);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]); // a writer killed inside the last record's footer
        var reader = new TfRecordReader(path);
        var read = reader.Read().Select(r => r.Data).ToArray();
        Assert.Equal(Payloads[..^1], read);
        var problem = Assert.Single(reader.Problems);
        var lastOffset = Payloads[..^1].Sum(p => 16L + p.Length);
        Assert.Contains($"truncated record at offset {lastOffset}", problem);
        Assert.Contains(path, problem);
    }

    [Fact]
    public void A_bad_data_crc_names_file_and_offset_and_the_reader_goes_on()
    {
        using var tmp = new TempOutput();
        var path = WriteRecords(tmp.Path, Payloads);
        var bytes = File.ReadAllBytes(path);
        var secondOffset = 16 + Payloads[0].Length;
        bytes[secondOffset + 12] ^= 0x40; // first data byte of record 2
        File.WriteAllBytes(path, bytes);
        var reader = new TfRecordReader(path);
        var read = reader.Read().Select(r => r.Data).ToArray();
        Assert.Equal(new[] { Payloads[0], Payloads[2], Payloads[3] }, read);
        var problem = Assert.Single(reader.Problems);
        Assert.Contains($"{path}: corrupted record at offset {secondOffset}: the data's CRC", problem);
    }

    [Fact]
    public void A_bad_length_resynchronizes_at_the_next_valid_header()
    {
        using var tmp = new TempOutput();
        var path = WriteRecords(tmp.Path, Payloads);
        var bytes = File.ReadAllBytes(path);
        var thirdOffset = 16 + Payloads[0].Length + 16 + Payloads[1].Length;
        bytes[thirdOffset + 1] ^= 0x01; // the length of record 3 (its CRC no longer matches)
        File.WriteAllBytes(path, bytes);
        var reader = new TfRecordReader(path);
        var read = reader.Read().Select(r => r.Data).ToArray();
        Assert.Equal(new[] { Payloads[0], Payloads[1], Payloads[3] }, read);
        Assert.Contains(reader.Problems, p => p.Contains($"corrupted record at offset {thirdOffset}") && p.Contains("resuming at offset"));
    }
}
