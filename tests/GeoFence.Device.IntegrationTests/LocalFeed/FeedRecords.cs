using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Sanitizing.Output;
using GeoFence.Zones.Hosting;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>Real CompliantFix records, made by the real pipeline and sanitiser (the constructor is internal on purpose).</summary>
internal static class FeedRecords
{
    private const double Lat = 31.15;
    private const double Lon = 121.45;
    private const string AllFields = "\"time\",\"lat\",\"lon\",\"altHAE\",\"eph\",\"mode\",\"speed\",\"track\"";
    private static readonly Lazy<IReadOnlyList<CompliantFix>> PreciseRecords = new(() => Make(3000, redact: false));
    private static readonly Lazy<IReadOnlyList<CompliantFix>> RedactedRecords = new(() => Make(20, redact: true));

    /// <summary>3000 precise records one second apart along a northward track: distinct times and latitudes.</summary>
    public static IReadOnlyList<CompliantFix> Precise => PreciseRecords.Value;

    /// <summary>Records from inside a redact zone (snapped to a grid, coarse time, no motion).</summary>
    public static IReadOnlyList<CompliantFix> Redacted => RedactedRecords.Value;

    private static List<CompliantFix> Make(int count, bool redact)
    {
        var site = Earth.Offset(Lat, Lon, 0, 5000);
        var zones = redact ? new[] { new TestPolicies.Circle("r-1", "redact", site.Latitude, site.Longitude, 500, RedactMetres: 1000) } : null;
        var json = TestPolicies.Json(zones: zones, fields: AllFields);
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(json))));
        for (var i = 0; i < count; i++)
        {
            h.Feed(i, redact ? site : Earth.Offset(Lat, Lon, i * 3.0, 0));
        }

        h.Drain(count);
        var records = h.Out.Where(r => r.Level == (redact ? OutputLevel.Redacted : OutputLevel.Precise)).ToList();
        Assert.Equal(count, records.Count);
        return records;
    }
}
