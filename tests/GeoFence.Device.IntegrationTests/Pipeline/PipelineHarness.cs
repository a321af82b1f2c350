using GeoFence.Device.Pipeline;
using GeoFence.Gnss;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Pipeline;

/// <summary>A FixPipeline on a fake clock, recording what crosses the sink and what goes into the audit.</summary>
internal sealed class PipelineHarness : ICompliantSink, IDecisionAudit, IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public PipelineHarness(PolicyHolder holder)
    {
        Holder = holder;
        Clock = new FakeTimeProvider(Start);
        Pipeline = new FixPipeline(holder, new HkdfUnitSecrets(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), new CryptoGuardRandom(), this, Clock, this);
    }

    public PolicyHolder Holder { get; }

    public FakeTimeProvider Clock { get; }

    public FixPipeline Pipeline { get; }

    public List<CompliantFix> Out { get; } = [];

    public List<AuditDecision> Audit { get; } = [];

    public void Accept(CompliantFix record) => Out.Add(record);

    /// <summary>When set, the audit refuses every decision with this exception (a full or failing data directory).</summary>
    public IOException? AuditFault { get; set; }

    public void Record(in AuditDecision decision)
    {
        if (AuditFault is { } fault)
        {
            throw fault;
        }

        Audit.Add(decision);
    }

    /// <summary>One fix per second at the given point: the clock moves to the fix time, the pipeline is pumped, then fed.</summary>
    public void Feed(int second, (double Latitude, double Longitude) at)
    {
        var time = Start.AddSeconds(second);
        Clock.SetUtcNow(time);
        Pipeline.Pump();
        Pipeline.OnFix(new Fix
        {
            Time = time,
            Latitude = at.Latitude,
            Longitude = at.Longitude,
            Mode = FixMode.ThreeD,
            Quality = FixQuality.Gnss,
            AltitudeHae = 30,
            HorizontalAccuracy = 2,
            Hdop = 0.9,
            SatellitesUsed = 12,
            GeoidSeparation = -31.5,
        });
    }

    /// <summary>Lets everything waiting mature and pumps it out.</summary>
    public void Drain(int lastSecond)
    {
        Clock.SetUtcNow(Start.AddSeconds(lastSecond + 600));
        Pipeline.Pump();
    }

    public void Dispose() => Pipeline.Dispose();
}
