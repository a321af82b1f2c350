using GeoFence.Device.Gpio;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>The display's own font: complete, distinct, inside its cell; the frame renderer's bounds.</summary>
public sealed class DisplayFontTests
{
    private static IEnumerable<char> Printable => Enumerable.Range(DisplayFont.First, DisplayFont.Last - DisplayFont.First + 1).Select(c => (char)c);

    [Fact]
    public void Every_printable_glyph_is_distinct_from_every_other_and_from_the_box()
    {
        var glyphs = Printable.Select(c => Convert.ToHexString(DisplayFont.Glyph(c))).ToList();

        Assert.Equal(95, glyphs.Count);
        Assert.Equal(glyphs.Count, glyphs.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(Convert.ToHexString(DisplayFont.Box), glyphs);
    }

    [Fact]
    public void Glyphs_stay_inside_five_by_seven_and_only_the_space_is_blank()
    {
        foreach (var c in Printable)
        {
            var glyph = DisplayFont.Glyph(c);
            Assert.Equal(DisplayFont.GlyphWidth, glyph.Length);
            Assert.All(glyph.ToArray(), column => Assert.Equal(0, column & 0x80)); // row 8 is the line gap
            Assert.Equal(c == ' ', glyph.ToArray().All(column => column == 0));
        }
    }

    [Theory]
    [InlineData('\u00E9')]
    [InlineData('\t')]
    [InlineData('\u0000')]
    [InlineData('\u007F')]
    [InlineData('\u4E2D')]
    public void Characters_outside_the_font_render_as_the_box(char c)
    {
        Assert.False(DisplayFont.Covers(c));
        Assert.Equal(DisplayFont.Box.ToArray(), DisplayFont.Glyph(c).ToArray());
    }

    [Fact]
    public void Every_printable_character_round_trips_through_a_frame()
    {
        var all = new string([.. Printable]);
        var lines = all.Chunk(DisplayFrame.Columns).Select(chunk => new string(chunk)).ToList();

        var decoded = DisplayDecoder.Decode(DisplayFrame.Render(lines));

        Assert.Equal(5, lines.Count);
        Assert.Equal(lines, decoded.Take(lines.Count));
        Assert.All(decoded.Skip(lines.Count), line => Assert.Empty(line));
    }

    [Fact]
    public void Long_lines_are_cut_at_21_characters_and_lines_past_the_eighth_are_dropped()
    {
        var lines = Enumerable.Range(0, 12).Select(i => new string((char)('A' + i), 30)).Append(null).ToList();

        var decoded = DisplayDecoder.Decode(DisplayFrame.Render(lines));

        Assert.Equal(Enumerable.Range(0, 8).Select(i => new string((char)('A' + i), 21)), decoded);
    }

    [Fact]
    public void Null_lines_unknown_characters_and_a_short_buffer_are_handled()
    {
        var decoded = DisplayDecoder.Decode(DisplayFrame.Render(["POLICY ok", null, "Z\u00FCrich \t\u4E2D"]));

        Assert.Equal(["POLICY ok", string.Empty, $"Z{DisplayDecoder.Box}rich {DisplayDecoder.Box}{DisplayDecoder.Box}", "", "", "", "", ""], decoded);
        Assert.Throws<ArgumentException>(() => DisplayFrame.Render(["x"], new byte[DisplayFrame.Size - 1]));
        Assert.Throws<ArgumentNullException>(() => DisplayFrame.Render(null!));
    }
}
