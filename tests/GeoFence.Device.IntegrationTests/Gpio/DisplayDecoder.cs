using GeoFence.Device.Gpio;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>Reads a 128×64 frame back into text with <see cref="DisplayFont"/>; the box reads as <see cref="Box"/>.</summary>
internal static class DisplayDecoder
{
    public const char Box = '\u25A1';

    private static readonly Dictionary<string, char> ByGlyph = Build();

    /// <summary>The eight lines, trailing blanks trimmed; throws when a cell holds no glyph of the font.</summary>
    public static string[] Decode(byte[] frame)
    {
        Assert.Equal(DisplayFrame.Size, frame.Length);
        var lines = new string[DisplayFrame.Lines];
        for (var page = 0; page < DisplayFrame.Lines; page++)
        {
            var chars = new char[DisplayFrame.Columns];
            for (var cell = 0; cell < DisplayFrame.Columns; cell++)
            {
                var start = (page * DisplayFrame.Width) + (cell * DisplayFont.CellWidth);
                var key = Convert.ToHexString(frame, start, DisplayFont.GlyphWidth);
                Assert.Equal(0, frame[start + DisplayFont.GlyphWidth]); // the spacing column stays dark
                chars[cell] = ByGlyph.TryGetValue(key, out var c) ? c : throw new InvalidOperationException($"no glyph at line {page} cell {cell}: {key}");
            }

            for (var unused = DisplayFrame.Columns * DisplayFont.CellWidth; unused < DisplayFrame.Width; unused++)
            {
                Assert.Equal(0, frame[(page * DisplayFrame.Width) + unused]);
            }

            lines[page] = new string(chars).TrimEnd();
        }

        return lines;
    }

    private static Dictionary<string, char> Build()
    {
        var map = new Dictionary<string, char> { [Convert.ToHexString(DisplayFont.Box)] = Box };
        for (var c = DisplayFont.First; c <= DisplayFont.Last; c++)
        {
            map.Add(Convert.ToHexString(DisplayFont.Glyph(c)), c);
        }

        return map;
    }
}
