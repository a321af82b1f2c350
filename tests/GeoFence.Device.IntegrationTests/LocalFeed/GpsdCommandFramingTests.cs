using System.Text;
using GeoFence.Device.LocalFeed;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>The command framer on byte input, including input split at every byte.</summary>
public sealed class GpsdCommandFramingTests
{
    [Fact]
    public void Commands_end_at_a_semicolon_outside_strings_or_at_a_line_end()
    {
        var commands = Frame("?VERSION;\r\n  ?WATCH={\"device\":\"a;\\\"b\"};?POLL\n;;\n", 64);

        Assert.Equal(["?VERSION", "?WATCH={\"device\":\"a;\\\"b\"}", "?POLL"], commands);
    }

    [Fact]
    public void Input_split_at_every_byte_gives_the_same_commands()
    {
        var text = "?WATCH={\"enable\":true,\"json\":true};\n?POLL;";
        var framer = new GpsdCommandFramer(64);
        var commands = new List<string>();

        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            Assert.True(framer.Append([b], commands));
        }

        Assert.Equal(["?WATCH={\"enable\":true,\"json\":true}", "?POLL"], commands);
    }

    [Fact]
    public void A_command_over_the_limit_stops_the_framer_for_good()
    {
        var framer = new GpsdCommandFramer(8);
        var commands = new List<string>();

        Assert.True(framer.Append("?POLL;"u8, commands));
        Assert.False(framer.Append("?ABCDEFGH"u8, commands));
        Assert.False(framer.Append(";?POLL;"u8, commands));

        Assert.True(framer.Overlong);
        Assert.Equal(["?POLL"], commands);
    }

    [Fact]
    public void A_command_of_exactly_the_limit_passes()
    {
        Assert.Equal(["?ABCDEFG"], Frame("?ABCDEFG;", 8));
    }

    [Theory]
    [InlineData("?VERSION", "Version")]
    [InlineData("?DEVICES", "Devices")]
    [InlineData("?POLL", "Poll")]
    [InlineData("?WATCH", "Watch")]
    [InlineData("?WATCH={}", "Watch")]
    [InlineData("?watch={}", "Invalid")]
    public void Known_commands_parse_to_their_kind(string command, string kind)
    {
        Assert.Equal(kind, GpsdRequestParser.Parse(command).Kind.ToString());
    }

    [Fact]
    public void WATCH_enable_defaults_to_true_and_json_to_unset()
    {
        Assert.Equal(new WatchChange(true, null), GpsdRequestParser.Parse("?WATCH={}").Change);
        Assert.Equal(new WatchChange(false, true), GpsdRequestParser.Parse("?WATCH={\"enable\":false,\"json\":true,\"timing\":true}").Change);
    }

    private static List<string> Frame(string text, int limit)
    {
        var commands = new List<string>();
        Assert.True(new GpsdCommandFramer(limit).Append(Encoding.UTF8.GetBytes(text), commands));
        return commands;
    }
}
