using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Sanitizing;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>Real CompliantFix records, made by the real pipeline and sanitiser (the constructor is internal on purpose).</summary>
internal static class FeedRecords
{
    private const double Lat = 31.15;
    private const double Lon = 121.45;
    private const string AllFields = "\"time\",\"lat\",\"lon\",\"altHAE\",\"eph\",\"mode\",\"speed\",\"track\"";
    private static readonly (double Latitude, double Longitude) Site = Earth.Offset(Lat, Lon, 0, 5000);
    private static readonly Lazy<IReadOnlyList<CompliantFix>> PreciseRecords = new(() =>
        Make(TestPolicies.Json(fields: AllFields), 3000, i => Earth.Offset(Lat, Lon, i * 3.0, 0), OutputLevel.Precise));

    /// <summary>3000 precise records one second apart along a northward track: distinct times and latitudes.</summary>
    public static IReadOnlyList<CompliantFix> Precise => PreciseRecords.Value;

    /// <summary>Records from inside a redact zone (snapped to a grid, coarse time, no motion).</summary>
    public static IReadOnlyList<CompliantFix> Redacted() => Make(
        TestPolicies.Json(zones: [new TestPolicies.Circle("r-1", "redact", Site.Latitude, Site.Longitude, 500, RedactMetres: 1000)], fields: AllFields),
        20, _ => Site, OutputLevel.Redacted);

    /// <summary>
    /// Positionless heartbeats from the real sanitiser on a 5 s constant-rate uplink with nothing else due (policies do not
    /// switch heartbeats on yet, so the sanitiser is built directly here).
    /// </summary>
    public static IReadOnlyList<CompliantFix> Heartbeats()
    {
        var clock = new FakeTimeProvider(PipelineHarness.Start);
        var rules = new OutputRules { Uplink = new ConstantRateUplinkRules { Enabled = true, Cadence = TimeSpan.FromSeconds(5), HeartbeatWhenSuppressed = true } };
        var sanitizer = new Sanitizer(rules, new HkdfUnitSecrets(new byte[32]), new CryptoGuardRandom(), new NoAudit(), clock);
        var records = new List<CompliantFix>();
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            records.AddRange(sanitizer.Pump());
        }

        Assert.Equal(3, records.Count(r => r.Level == OutputLevel.Heartbeat));
        return records;
    }

    /// <summary>Precise records under a policy whose fields are <paramref name="fields"/> only.</summary>
    public static IReadOnlyList<CompliantFix> PreciseWithFields(string fields) =>
        Make(TestPolicies.Json(fields: fields), 5, i => Earth.Offset(Lat, Lon, i * 3.0, 0), OutputLevel.Precise);

    private static List<CompliantFix> Make(string policy, int count, Func<int, (double, double)> at, OutputLevel level)
    {
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(policy))));
        for (var i = 0; i < count; i++)
        {
            h.Feed(i, at(i));
        }

        h.Drain(count);
        var records = h.Out.Where(r => r.Level == level).ToList();
        Assert.NotEmpty(records);
        return records;
    }

    private sealed class NoAudit : IDecisionAudit
    {
        public void Record(in AuditDecision decision)
        {
        }
    }
}
