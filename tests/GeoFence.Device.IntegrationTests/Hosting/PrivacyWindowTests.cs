using GeoFence.Device.Gpio;
using GeoFence.Device.Hosting;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Device.Pipeline;
using GeoFence.Gnss;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>Redacted records carry a time floored to a step: a switch-on window inside that step still withholds them.</summary>
public sealed class PrivacyWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly (double Latitude, double Longitude) Site = (38.1, -122.6);

    [Fact]
    public void A_redacted_record_whose_coarse_time_starts_before_the_switch_on_window_is_still_withheld()
    {
        var clock = new FakeTimeProvider(Start);
        var privacy = new SettablePrivacySwitch();
        var sink = new Recording();
        var output = new UnitOutput(privacy, [sink], clock);
        var json = TestPolicies.Json(zones: [new TestPolicies.Circle("r-1", "redact", Site.Latitude, Site.Longitude, 2000, 0, RedactMetres: 500)]);
        using var pipeline = new FixPipeline(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(json))),
            new HkdfUnitSecrets(new byte[32]), new CryptoGuardRandom(), new NoAudit(), clock, output);

        for (var second = 0; second < 180; second++)
        {
            var time = Start.AddSeconds(second);
            clock.SetUtcNow(time);
            privacy.IsOn = second is >= 70 and <= 75; // six epochs in the middle of minute 1
            output.ObserveEpoch(time);
            pipeline.Pump();
            pipeline.OnFix(new Fix
            {
                Time = time,
                Latitude = Site.Latitude + (second * 1e-6),
                Longitude = Site.Longitude,
                Mode = FixMode.ThreeD,
                Quality = FixQuality.Gnss,
                HorizontalAccuracy = 2,
                Hdop = 0.9,
                SatellitesUsed = 12,
            });
        }

        clock.SetUtcNow(Start.AddSeconds(180 + 600));
        pipeline.Pump();

        Assert.All(sink.Out, r => Assert.Equal(OutputLevel.Redacted, r.Level));
        Assert.Contains(sink.Out, r => r.Time == Start); // minute 0 leaves
        Assert.DoesNotContain(sink.Out, r => r.Time == Start.AddMinutes(1)); // minute 1 held epochs 70-75: none of it may leave
        Assert.True(output.PrivacyDropped >= 60, $"{output.PrivacyDropped} dropped");
    }

    private sealed class SettablePrivacySwitch : IPrivacySwitch
    {
        public event Action<bool>? Changed;

        public bool IsOn
        {
            get;
            set
            {
                if (field != value)
                {
                    field = value;
                    Changed?.Invoke(value);
                }
            }
        }
    }

    private sealed class Recording : ICompliantSink
    {
        public List<CompliantFix> Out { get; } = [];

        public void Accept(CompliantFix record) => Out.Add(record);
    }

    private sealed class NoAudit : IDecisionAudit
    {
        public void Record(in AuditDecision decision)
        {
        }
    }
}
