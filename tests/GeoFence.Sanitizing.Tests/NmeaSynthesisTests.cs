using System.Globalization;
using GeoFence.Sanitizing.Nmea;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class NmeaSynthesisTests
{
    private static CompliantFix Record(Policy.Verdict verdict, double lat = 30.512345678, double lon = -114.312345678)
    {
        var harness = new Harness(Rules.NoDelay with { MaxPrecisionMetres = 0.01 });
        harness.Feed(Fixes.At(lat, lon, Fixes.Start.AddMilliseconds(3_723_450), speed: 5.14444, course: 271.25), verdict);
        return Assert.Single(harness.Out);
    }

    private static string[] Fields(string sentence)
    {
        Assert.StartsWith("$", sentence);
        Assert.EndsWith("\r\n", sentence);
        var star = sentence.IndexOf('*', StringComparison.Ordinal);
        var body = sentence[1..star];
        Assert.Equal(NmeaSynthesizer.Checksum(body).ToString("X2", CultureInfo.InvariantCulture), sentence[(star + 1)..^2]);
        return body.Split(',');
    }

    [Fact]
    public void Gga_has_position_time_altitude_and_every_side_channel_empty()
    {
        var record = Record(Fixes.Allow());
        var f = Fields(NmeaSynthesizer.Gga(record)!);
        Assert.Equal(15, f.Length);
        Assert.Equal("GPGGA", f[0]);
        Assert.Equal("090203.45", f[1]);
        Assert.StartsWith("3030.7407", f[2], StringComparison.Ordinal);
        Assert.Equal("N", f[3]);
        Assert.StartsWith("11418.7407", f[4], StringComparison.Ordinal);
        Assert.Equal("W", f[5]);
        Assert.Equal("1", f[6]);
        Assert.Equal(["", ""], f[7..9]);          // satellites, HDOP
        Assert.Equal("110.8", f[9]);
        Assert.Equal("M", f[10]);
        Assert.Equal(["", "", "", ""], f[11..15]); // geoid separation + unit, DGPS age, station id
    }

    [Fact]
    public void Rmc_has_motion_for_precise_and_no_magnetic_variation()
    {
        var f = Fields(NmeaSynthesizer.Rmc(Record(Fixes.Allow()))!);
        Assert.Equal(13, f.Length);
        Assert.Equal("GPRMC", f[0]);
        Assert.Equal("A", f[2]);
        Assert.Equal("9.991", f[7]);    // 5.14 m/s (0.01 m/s resolution) in knots
        Assert.Equal("271.20", f[8]);   // course, 0.1° resolution
        Assert.Equal("281126", f[9]);
        Assert.Equal(["", ""], f[10..12]);
        Assert.Equal("A", f[12]);
    }

    [Fact]
    public void Redacted_rmc_has_empty_speed_and_course_and_coarse_time()
    {
        var f = Fields(NmeaSynthesizer.Rmc(Record(Fixes.Redact(1000, zone: false)))!);
        Assert.Equal(["", ""], f[7..9]);
        Assert.Equal("090200.00", f[1]);
    }

    [Fact]
    public void Heartbeat_makes_no_sentence()
    {
        var rules = Rules.Default with { Uplink = new Policy.ConstantRateUplinkRules { Enabled = true, Cadence = TimeSpan.FromSeconds(2), HeartbeatWhenSuppressed = true } };
        var harness = new Harness(rules);
        harness.Clock.Advance(TimeSpan.FromSeconds(3));
        var heartbeat = Assert.Single(harness.Sanitizer.Pump());
        Assert.Null(NmeaSynthesizer.Gga(heartbeat));
        Assert.Null(NmeaSynthesizer.Rmc(heartbeat));
    }
}
