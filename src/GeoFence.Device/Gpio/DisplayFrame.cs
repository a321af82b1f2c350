namespace GeoFence.Device.Gpio;

/// <summary>
/// Renders text into the SSD1306's 128×64 frame: 8 pages of 128 column bytes (1024 bytes), one text line per page,
/// 21 characters of <see cref="DisplayFont"/> per line. Lines past the eighth and characters past the 21st are
/// dropped; characters the font lacks show as a box.
/// </summary>
public static class DisplayFrame
{
    /// <summary>Display width in pixels.</summary>
    public const int Width = 128;

    /// <summary>Display height in pixels.</summary>
    public const int Height = 64;

    /// <summary>Pages (eight pixel rows each), one text line per page.</summary>
    public const int Pages = Height / 8;

    /// <summary>Bytes in one frame.</summary>
    public const int Size = Width * Pages;

    /// <summary>Text lines that fit.</summary>
    public const int Lines = Pages;

    /// <summary>Characters per line.</summary>
    public const int Columns = Width / DisplayFont.CellWidth;

    /// <summary>Renders <paramref name="lines"/> into a new frame.</summary>
    public static byte[] Render(IReadOnlyList<string?> lines)
    {
        var frame = new byte[Size];
        Render(lines, frame);
        return frame;
    }

    /// <summary>Renders <paramref name="lines"/> into <paramref name="frame"/> (at least <see cref="Size"/> bytes), clearing it first.</summary>
    public static void Render(IReadOnlyList<string?> lines, Span<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (frame.Length < Size)
        {
            throw new ArgumentException($"a frame needs {Size} bytes", nameof(frame));
        }

        frame[..Size].Clear();
        for (var page = 0; page < Math.Min(lines.Count, Lines); page++)
        {
            var text = lines[page] ?? string.Empty;
            var row = frame.Slice(page * Width, Width);
            for (var i = 0; i < Math.Min(text.Length, Columns); i++)
            {
                DisplayFont.Glyph(text[i]).CopyTo(row[(i * DisplayFont.CellWidth)..]);
            }
        }
    }
}
