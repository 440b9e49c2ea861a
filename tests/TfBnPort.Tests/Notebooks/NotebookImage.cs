using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace TfBnPort.Tests.Notebooks;

/// <summary>
/// A PNG a cell displayed inline: an <c>image/png</c> value, or an <c>&lt;img src="data:image/png;base64,…"&gt;</c>
/// in an HTML value (what the notebooks' ScottPlot formatter writes). Only a well-formed PNG counts.
/// </summary>
public sealed record NotebookImage(int Cell, string MimeType, int Width, int Height, byte[] Png)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Regex DataUri = new(@"data:image/png;base64,([A-Za-z0-9+/=\s]+)", RegexOptions.Compiled);

    /// <summary>The PNGs among one display event's formatted values (one per image, whatever the number of MIME types).</summary>
    public static IEnumerable<NotebookImage> Find(IEnumerable<(string MimeType, string Value)> formattedValues, int cell)
    {
        var values = formattedValues.ToList();
        var png = values.Where(v => v.MimeType == "image/png").Select(v => Decode(v.Value, cell, v.MimeType)).OfType<NotebookImage>().ToList();
        if (png.Count > 0) return png;
        return values.Where(v => v.MimeType == "text/html")
            .SelectMany(v => DataUri.Matches(v.Value).Select(m => Decode(m.Groups[1].Value, cell, v.MimeType)))
            .OfType<NotebookImage>()
            .ToList();
    }

    /// <summary>A base64 PNG, or null when it is not one (bad base64, no signature, no IHDR, zero size).</summary>
    public static NotebookImage? Decode(string base64, int cell, string mimeType)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(Regex.Replace(base64, @"\s", "")); }
        catch (FormatException) { return null; }
        // Signature, then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
        if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(Signature) || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8)) return null;
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        return width > 0 && height > 0 ? new NotebookImage(cell, mimeType, width, height, bytes) : null;
    }
}
