using System.Text;
using System.Text.Json;
using GeoFence.Device.LocalFeed;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>A TPV carries what its CompliantFix carries, in gpsd's names, and nothing else, for every kind of record.</summary>
public sealed class TpvMappingTests
{
    [Fact]
    public void A_precise_record_maps_every_field_it_has()
    {
        var record = FeedRecords.Precise[42];
        var tpv = Parse(GpsdJson.Tpv(record));

        TpvAssert.Matches(record, tpv);
        Assert.Equal(3, tpv.GetProperty("mode").GetInt32());
        Assert.Equal("WGS84", tpv.GetProperty("datum").GetString());
    }

    [Fact]
    public void A_redacted_record_has_its_grid_as_eph_and_no_motion()
    {
        foreach (var record in FeedRecords.Redacted())
        {
            var tpv = Parse(GpsdJson.Tpv(record));

            TpvAssert.Matches(record, tpv);
            Assert.False(tpv.TryGetProperty("speed", out _));
            Assert.False(tpv.TryGetProperty("track", out _));
            Assert.True(tpv.GetProperty("eph").GetDouble() >= 1000);
        }
    }

    [Fact]
    public void A_heartbeat_is_a_no_fix_TPV_with_its_time_only()
    {
        var heartbeats = FeedRecords.Heartbeats();

        foreach (var record in heartbeats)
        {
            var tpv = Parse(GpsdJson.Tpv(record));

            TpvAssert.Matches(record, tpv);
            Assert.Equal(["class", "device", "mode", "time"], tpv.Names());
            Assert.Equal(1, tpv.GetProperty("mode").GetInt32());
        }
    }

    [Theory]
    [InlineData("\"time\",\"lat\",\"lon\",\"altHAE\"", 3)]
    [InlineData("\"time\",\"lat\",\"lon\"", 2)]
    public void Without_mode_in_the_policy_the_mode_follows_from_the_fields_sent(string fields, int mode)
    {
        var record = FeedRecords.PreciseWithFields(fields)[0];
        Assert.Null(record.Mode);

        var tpv = Parse(GpsdJson.Tpv(record));

        TpvAssert.Matches(record, tpv);
        Assert.Equal(mode, tpv.GetProperty("mode").GetInt32());
        Assert.False(tpv.TryGetProperty("eph", out _));
    }

    [Fact]
    public void Every_line_is_one_compact_object_that_starts_with_its_class_and_ends_in_CR_LF()
    {
        var lines = new[]
        {
            GpsdJson.Version(), GpsdJson.Devices(), GpsdJson.Watch(true, true), GpsdJson.Error("x"),
            GpsdJson.Tpv(FeedRecords.Precise[0]), GpsdJson.Poll(DateTimeOffset.UnixEpoch, FeedRecords.Precise[0]),
        };

        foreach (var line in lines)
        {
            var text = Encoding.UTF8.GetString(line);
            Assert.StartsWith("{\"class\":\"", text, StringComparison.Ordinal); // libgps reads the first "class": it finds
            Assert.EndsWith("}\r\n", text, StringComparison.Ordinal);
            Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain(": ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_forwarded_record_and_the_TPV_carry_the_same_values()
    {
        var record = FeedRecords.Precise[5];
        var forwarded = Parse(CompliantFixJson.ToUtf8(record));
        var tpv = Parse(GpsdJson.Tpv(record));

        foreach (var name in new[] { "time", "mode", "lat", "lon", "altHAE", "eph" })
        {
            Assert.Equal(forwarded.GetProperty(name).GetRawText(), tpv.GetProperty(name).GetRawText());
        }
    }

    private static JsonElement Parse(byte[] line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
