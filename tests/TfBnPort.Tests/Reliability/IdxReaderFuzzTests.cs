using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using TfBnPort.Data;
using TfBnPort.Tests.Reliability.Support;

namespace TfBnPort.Tests.Reliability;

/// <summary>
/// CsCheck properties over IdxReader (Data/IdxReaderTests covers bad magic, truncation, trailing
/// bytes, label/image count mismatch and plain random bytes one by one): random and mutated
/// bytes, raw and gzip, from a stream and from a file, give a consistent IdxArray or an
/// IdxFormatException naming the input — nothing else, and never a hang.
/// </summary>
public class IdxReaderFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>A valid small IDX file: labels [n] or images [n, rows, cols].</summary>
    private static byte[] Idx(int[] dims)
    {
        var count = dims.Aggregate(1, (a, d) => a * d);
        var bytes = new byte[4 + 4 * dims.Length + count];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)dims[i]);
        for (var i = 0; i < count; i++) bytes[4 + 4 * dims.Length + i] = (byte)(i * 31 + 7);
        return bytes;
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }

    private static readonly Gen<byte[]> ValidFile =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Bool, Gen.Bool, (n, r, c, images, gzip) =>
        {
            var raw = Idx(images ? new[] { n, r, c } : new[] { n });
            return gzip ? Gzip(raw) : raw;
        });

    /// <summary>Mostly mutated valid files (raw or gzip: mutating a gzip file damages its deflate stream or CRC), some pure noise.</summary>
    private static readonly Gen<byte[]> Input = Gen.Frequency(
        (8, Gen.Select(ValidFile, ByteMutation.Several, ByteMutation.ApplyAll)),
        (1, Gen.Byte.Array[0, 64]));

    /// <summary>The property: an array whose data fills its dimensions (true), or an IdxFormatException that names the input (false).</summary>
    private static bool ReadsOrRefuses(Func<IdxArray> read, string name)
    {
        try
        {
            var idx = read();
            Assert.Equal(idx.Dimensions.Aggregate(1L, (a, d) => a * d), idx.Data.LongLength);
            return true;
        }
        catch (IdxFormatException e)
        {
            Assert.Equal(name, e.FilePath);
            Assert.Contains(name, e.Message);
            Assert.Contains(IdxFormatException.DefaultFix, e.Message);
            return false;
        }
    }

    [Fact]
    public void MutatedBytesFromAStreamGiveAnArrayOrAnIdxFormatException()
    {
        int parsed = 0, refused = 0;
        WithinBudget(() => Input.Sample(bytes =>
        {
            var ok = ReadsOrRefuses(() => IdxReader.Read(new MemoryStream(bytes), "fuzz-input"), "fuzz-input");
            Interlocked.Increment(ref ok ? ref parsed : ref refused);
        }, iter: 4000));
        // Both outcomes occur, so the inputs reach past the header checks.
        Assert.True(parsed > 0 && refused > 0, $"{parsed} parsed, {refused} refused");
    }

    [Fact]
    public void MutatedFilesGiveAnArrayOrAnIdxFormatException()
    {
        // From a file the reader knows the length up front: another path than a stream's.
        using var dir = new ScratchDir("idx-fuzz");
        var path = dir["mutated-idx"];
        int parsed = 0, refused = 0;
        WithinBudget(() => Input.Sample(bytes =>
        {
            File.WriteAllBytes(path, bytes);
            if (ReadsOrRefuses(() => IdxReader.Read(path), path)) parsed++;
            else refused++;
        }, iter: 1000, threads: 1));
        // Both outcomes occur, so the inputs reach past the header checks on this path too.
        Assert.True(parsed > 0 && refused > 0, $"{parsed} parsed, {refused} refused");
    }

    [Fact]
    public void MutatedImageAndLabelPairsArePairedOrRefused()
    {
        using var dir = new ScratchDir("idx-fuzz");
        var (images, labels) = (dir["images"], dir["labels"]);
        var pair = Gen.Select(Gen.Int[1, 4], ByteMutation.Any.Array[0, 2], ByteMutation.Any.Array[0, 2], Gen.Int[0, 2]);
        int paired = 0, refused = 0;
        WithinBudget(() => pair.Sample((n, imageDamage, labelDamage, extraLabels) =>
        {
            File.WriteAllBytes(images, ByteMutation.ApplyAll(Idx(new[] { n, 2, 2 }), imageDamage));
            File.WriteAllBytes(labels, ByteMutation.ApplyAll(Idx(new[] { n + extraLabels }), labelDamage));
            try
            {
                var (i, l) = IdxReader.ReadImagesAndLabels(images, labels);
                Assert.Equal(i.Count, l.Count);
                Assert.Equal(3, i.Dimensions.Length);
                Assert.Single(l.Dimensions);
                paired++;
            }
            catch (IdxFormatException e)
            {
                Assert.True(e.FilePath == images || e.FilePath == labels, $"the exception names '{e.FilePath}'");
                refused++;
            }
        }, iter: 1000, threads: 1));
        Assert.True(paired > 0 && refused > 0, $"{paired} paired, {refused} refused");
    }

    /// <summary>Fails instead of hanging if the reader ever loops on some input.</summary>
    private static void WithinBudget(Action sample)
    {
        var run = Task.Run(sample);
        Assert.True(run.Wait(Budget), $"the fuzzing did not finish within {Budget.TotalSeconds} s: a hang?");
        run.GetAwaiter().GetResult(); // rethrows CsCheck's failure (with its seed and the shrunk input)
    }
}
