using System.Globalization;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class CompliantFixJsonTests
{
    private static CompliantFix One(OutputRules rules, Verdict verdict)
    {
        var harness = new Harness(rules);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(83_250));
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddMilliseconds(83_250)), verdict);
        return Assert.Single(harness.Out);
    }

    [Fact]
    public void Precise_payload_bytes()
    {
        var json = Json.Text(One(Rules.NoDelay with { MaxPrecisionMetres = 1 }, Fixes.Allow()));
        Assert.Matches("""^\{"schema":"geofence.compliant-fix/1","seq":1,"level":"precise","datum":"WGS84","time":"2026-11-28T08:01:23.250Z","mode":3,"lat":30.5\d*,"lon":114.3\d*,"altHAE":123,"altMSL":111,"eph":1,"speed":10,"track":90\}$""", json);
    }

    [Fact]
    public void Redacted_payload_bytes()
    {
        var json = Json.Text(One(Rules.NoDelay, Fixes.Redact(2000, zone: false)));
        Assert.Matches("""^\{"schema":"geofence.compliant-fix/1","seq":1,"level":"redacted","datum":"WGS84","time":"2026-11-28T08:01:00.000Z","mode":2,"lat":-?\d+\.\d+,"lon":-?\d+\.\d+,"eph":2000\}$""", json);
    }

    [Fact]
    public void Coordinates_carry_at_most_eight_decimals()
    {
        var record = One(Rules.NoDelay with { MaxPrecisionMetres = 0.01 }, Fixes.Allow());
        var json = Json.Text(record);
        Assert.DoesNotMatch(@"""lat"":-?\d+\.\d{9,}", json);
        Assert.DoesNotMatch(@"""lon"":-?\d+\.\d{9,}", json);
    }

    [Fact]
    public void Time_stamp_equals_the_custom_format_it_replaced()
    {
        var random = new Random(7);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue,
            new(1, 1, 1, 0, 0, 0, 999, TimeSpan.Zero),
            new(999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
            new(2026, 11, 29, 13, 5, 9, 7, TimeSpan.FromHours(8)),
            new DateTimeOffset(2026, 11, 29, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(9_999),
            DateTimeOffset.MaxValue,
        };
        for (var i = 0; i < 2000; i++)
        {
            times.Add(new DateTimeOffset(random.NextInt64(DateTimeOffset.MaxValue.Ticks), TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1))));
        }

        Span<byte> stamp = stackalloc byte[UtcMillisecondStamp.Length];
        foreach (var time in times)
        {
            UtcMillisecondStamp.Format(time, stamp);
            Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), System.Text.Encoding.ASCII.GetString(stamp));
        }
    }

    [Fact]
    public void Each_payload_is_its_own_array_though_the_writer_is_reused()
    {
        var first = One(Rules.NoDelay with { MaxPrecisionMetres = 1 }, Fixes.Allow());
        var second = One(Rules.NoDelay, Fixes.Redact(2000, zone: false));
        var a = CompliantFixJson.ToUtf8(first);
        var b = CompliantFixJson.ToUtf8(second);
        var again = CompliantFixJson.ToUtf8(first);
        Assert.NotSame(a, again);
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
        Assert.Equal(Json.Text(first), System.Text.Encoding.UTF8.GetString(a));
        Assert.EndsWith("}", System.Text.Encoding.UTF8.GetString(b), StringComparison.Ordinal);
    }
}
