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
}
