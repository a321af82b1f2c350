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

/// <summary>
/// Host clock steps (a Pi without RTC is stepped by chrony once GNSS time arrives): the live pipeline's delay line runs
/// on a steady clock, so a step neither releases waiting records early nor holds them for an hour.
/// </summary>
public sealed class ClockStepTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_forward_step_of_the_host_clock_releases_nothing_early_on_the_steady_clock()
    {
        var wall = new SteppingClock(Start);
        var run = new Run(PipelineClock.Live(wall).Pipeline);
        run.FeedSeconds(wall, 20); // 20 fixes, all waiting in the 30 s delay line

        wall.Step(TimeSpan.FromHours(1));
        run.Pipeline.Pump();
        Assert.Empty(run.Out);

        wall.Advance(TimeSpan.FromSeconds(11)); // the first fix (t=0) is now 31 s old on the steady clock
        run.Pipeline.Pump();
        Assert.InRange(run.Out.Count, 1, 2);
        Assert.Equal(Start, run.Out[0].Time);
    }

    [Fact]
    public void On_the_raw_wall_clock_the_same_step_would_release_the_whole_delay_line_at_once()
    {
        var wall = new SteppingClock(Start);
        var run = new Run(wall);
        run.FeedSeconds(wall, 20);

        wall.Step(TimeSpan.FromHours(1));
        run.Pipeline.Pump();

        Assert.Equal(20, run.Out.Count); // the hazard the steady clock removes: the guard could no longer retract them
    }

    [Fact]
    public void A_backward_step_neither_holds_records_for_an_hour_nor_breaks_the_sequence()
    {
        var wall = new SteppingClock(Start.AddHours(2));
        var run = new Run(PipelineClock.Live(wall).Pipeline);
        run.FeedSeconds(wall, 10);

        wall.Step(TimeSpan.FromHours(-1));
        wall.Advance(TimeSpan.FromSeconds(31));
        run.Pipeline.Pump();

        Assert.Equal(10, run.Out.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), run.Out.Select(r => r.Sequence));
    }

    /// <summary>A host clock that can be stepped: UTC jumps, the monotonic timestamp does not.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private readonly FakeTimeProvider monotonic = new(start);
        private TimeSpan step;

        public override DateTimeOffset GetUtcNow() => monotonic.GetUtcNow() + step;

        public override long GetTimestamp() => monotonic.GetTimestamp();

        public override long TimestampFrequency => monotonic.TimestampFrequency;

        public void Advance(TimeSpan by) => monotonic.Advance(by);

        public void Step(TimeSpan by) => step += by;
    }

    private sealed class Run : ICompliantSink, IDecisionAudit
    {
        public Run(TimeProvider pipelineClock)
        {
            var policy = new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(TestPolicies.Json())));
            Pipeline = new FixPipeline(policy, new HkdfUnitSecrets(new byte[32]), new CryptoGuardRandom(), this, pipelineClock, this);
        }

        public FixPipeline Pipeline { get; }

        public List<CompliantFix> Out { get; } = [];

        public void Accept(CompliantFix record) => Out.Add(record);

        public void Record(in AuditDecision decision)
        {
        }

        public void FeedSeconds(SteppingClock wall, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    wall.Advance(TimeSpan.FromSeconds(1));
                }

                Pipeline.Pump();
                Pipeline.OnFix(new Fix
                {
                    Time = Start.AddSeconds(i),
                    Latitude = 38.1 + (i * 1e-4),
                    Longitude = -122.6,
                    Mode = FixMode.ThreeD,
                    Quality = FixQuality.Gnss,
                    HorizontalAccuracy = 2,
                    Hdop = 0.9,
                    SatellitesUsed = 12,
                });
            }

            Assert.Empty(Out);
        }
    }
}
