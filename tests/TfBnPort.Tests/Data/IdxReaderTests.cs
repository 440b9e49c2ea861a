using TfBnPort.Data;

namespace TfBnPort.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly int[] ImageDims = [3, 2, 2];

    private static void AssertNamesFileAndFix(IdxFormatException e, string path)
    {
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.Contains("TFBNPORT_MNIST_DIR", e.Message);
        Assert.Contains("Expected", e.Message);
        Assert.Contains("found", e.Message);
    }

    [Fact]
    public void Reads_a_good_images_file()
    {
        var payload = IdxTestFiles.Sequence(12);
        var path = _files.Write("images", IdxTestFiles.Build(ImageDims, payload));

        var idx = IdxReader.Read(path, expectedRank: 3);

        Assert.Equal(ImageDims, idx.Dimensions);
        Assert.Equal(payload, idx.Data);
        Assert.Equal(3, idx.Count);
        var nd = idx.ToNDArray();
        Assert.Equal([3, 2, 2], nd.shape.Select(d => (int)d));
        Assert.Equal(payload[5], nd.GetByte(1, 0, 1));
    }

    [Fact]
    public void Reads_a_gzip_file_by_its_magic_not_its_name()
    {
        var payload = IdxTestFiles.Sequence(5);
        var path = _files.Write("labels-without-gz-extension", IdxTestFiles.Gzip(IdxTestFiles.Build([5], payload)));

        var idx = IdxReader.Read(path, expectedRank: 1);

        Assert.Equal([5], idx.Dimensions);
        Assert.Equal(payload, idx.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_from_a_forward_only_stream(bool gzip)
    {
        var payload = IdxTestFiles.Sequence(12);
        var raw = IdxTestFiles.Build(ImageDims, payload);
        using var stream = new ForwardOnlyStream(gzip ? IdxTestFiles.Gzip(raw) : raw);

        var idx = IdxReader.Read(stream, "pipe");

        Assert.Equal(ImageDims, idx.Dimensions);
        Assert.Equal(payload, idx.Data);
    }

    [Fact]
    public void Bad_magic_names_the_file_and_the_expected_magic()
    {
        var bytes = IdxTestFiles.Build(ImageDims, IdxTestFiles.Sequence(12));
        bytes[0] = 0x50; // e.g. an HTML error page saved under the IDX name
        var path = _files.Write("bad-magic", bytes);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, expectedRank: 3));

        AssertNamesFileAndFix(e, path);
        Assert.Contains("magic", e.Message);
        Assert.Contains("0x00000803", e.Expected);
        Assert.Contains("0x50000803", e.Found);
    }

    [Fact]
    public void A_labels_file_where_images_are_expected_is_refused()
    {
        var path = _files.Write("labels", IdxTestFiles.Build([4], IdxTestFiles.Sequence(4)));

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, expectedRank: 3));

        AssertNamesFileAndFix(e, path);
        Assert.Contains("0x00000803", e.Expected);
        Assert.Contains("0x00000801", e.Found);
    }

    [Fact]
    public void Non_byte_element_types_are_refused()
    {
        var path = _files.Write("floats", IdxTestFiles.Build([1], [0, 0, 0, 0], type: 0x0D));

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        AssertNamesFileAndFix(e, path);
        Assert.Contains("0x0D", e.Found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_images_say_how_many_bytes_were_missing(bool gzip)
    {
        var raw = IdxTestFiles.Build(ImageDims, IdxTestFiles.Sequence(12))[..^5];
        var path = _files.Write(gzip ? "short.gz" : "short", gzip ? IdxTestFiles.Gzip(raw) : raw);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        AssertNamesFileAndFix(e, path);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("12 payload bytes", e.Expected);
        Assert.Equal("7 bytes", e.Found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trailing_bytes_are_refused(bool gzip)
    {
        var raw = IdxTestFiles.Build(ImageDims, IdxTestFiles.Sequence(14));
        var path = _files.Write(gzip ? "long.gz" : "long", gzip ? IdxTestFiles.Gzip(raw) : raw);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        AssertNamesFileAndFix(e, path);
        Assert.Contains("trailing", e.Message);
    }

    [Theory]
    [InlineData(new byte[0], "0 byte(s)")]
    [InlineData(new byte[] { 0, 0, 8 }, "3 byte(s)")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0 }, "6 byte(s)")]
    public void Truncated_headers_are_refused(byte[] content, string found)
    {
        var path = _files.Write("header", content);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        AssertNamesFileAndFix(e, path);
        Assert.Equal(found, e.Found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_huge_declared_size_fails_fast_without_allocating_it(bool gzip)
    {
        // 10^9 images of 1x1: 1 GB declared (within the cap), 10 bytes present.
        var raw = IdxTestFiles.Build([1_000_000_000, 1, 1], IdxTestFiles.Sequence(10));
        var path = _files.Write("huge", gzip ? IdxTestFiles.Gzip(raw) : raw);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 << 20, "the reader allocated the declared size");
        AssertNamesFileAndFix(e, path);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_product_of_dimensions_beyond_any_array_is_refused()
    {
        var path = _files.Write("overflow", IdxTestFiles.Build([int.MaxValue, int.MaxValue, int.MaxValue], []));

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        AssertNamesFileAndFix(e, path);
        Assert.Contains("more data than this reader accepts", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_becomes_an_IdxFormatException()
    {
        var gz = IdxTestFiles.Gzip(IdxTestFiles.Build(ImageDims, IdxTestFiles.Sequence(12)));
        for (int i = 12; i < gz.Length - 8; i++) gz[i] ^= 0x5A;
        var path = _files.Write("corrupt.gz", gz);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        AssertNamesFileAndFix(e, path);
    }

    [Fact]
    public void Label_count_must_match_image_count_when_pairing()
    {
        var images = _files.Write("imgs", IdxTestFiles.Build(ImageDims, IdxTestFiles.Sequence(12)));
        var labels = _files.Write("lbls", IdxTestFiles.Build([2], [1, 2]));

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImagesAndLabels(images, labels));

        AssertNamesFileAndFix(e, labels);
        Assert.Contains(images, e.Message);
        Assert.Contains("3 labels", e.Expected);
        Assert.Contains("2 labels", e.Found);
    }

    [Fact]
    public void Pairing_accepts_matching_files()
    {
        var images = _files.Write("imgs", IdxTestFiles.Build(ImageDims, IdxTestFiles.Sequence(12)));
        var labels = _files.Write("lbls.gz", IdxTestFiles.Gzip(IdxTestFiles.Build([3], [7, 8, 9])));

        var (i, l) = IdxReader.ReadImagesAndLabels(images, labels);

        Assert.Equal(3, i.Count);
        Assert.Equal([7, 8, 9], l.Data);
    }

    [Fact]
    public void Random_bytes_give_only_IdxFormatException_or_a_valid_array()
    {
        var rng = new Random(20240607);
        int parsed = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] bytes;
            switch (trial % 4)
            {
                case 0: // pure noise
                    bytes = new byte[rng.Next(0, 64)];
                    rng.NextBytes(bytes);
                    break;
                case 1: // a plausible header with random dims and a random amount of payload
                    var dims = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => rng.Next(0, 6)).ToArray();
                    bytes = IdxTestFiles.Build(dims, new byte[rng.Next(0, 80)]);
                    break;
                case 2: // a gzip header followed by noise
                    bytes = new byte[rng.Next(2, 64)];
                    rng.NextBytes(bytes);
                    bytes[0] = 0x1f;
                    bytes[1] = 0x8b;
                    break;
                default: // a valid gzip IDX with bit flips
                    bytes = IdxTestFiles.Gzip(IdxTestFiles.Build([2, 3], IdxTestFiles.Sequence(6)));
                    for (int k = rng.Next(1, 4); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
            }
            try
            {
                var idx = IdxReader.Read(new MemoryStream(bytes), $"fuzz-{trial}");
                Assert.Equal(idx.Dimensions.Aggregate(1L, (a, d) => a * d), idx.Data.LongLength);
                parsed++;
            }
            catch (IdxFormatException e)
            {
                Assert.Contains($"fuzz-{trial}", e.Message);
            }
        }
        Assert.InRange(parsed, 1, 2999); // some well-formed inputs parse, most do not
    }
}
