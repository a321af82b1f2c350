using GeoFence.Device.Pipeline;
using GeoFence.Gnss;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>
/// Between decoder and pipeline in a replay: moves the replay clock to each fix's receiver time, pumping once per second
/// of capture time on the way (as the unit's timer does, so uplink ticks fall in gaps too), then passes the fix on.
/// Gaps longer than <see cref="MaxSteppedGap"/> (and the first fix) are jumped in one step (bounded work).
/// </summary>
internal sealed class ReplaySink(ReplayClock clock, FixPipeline pipeline) : IGnssSink
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxSteppedGap = TimeSpan.FromHours(1);
    private bool started;

    /// <inheritdoc />
    public void OnFix(in Fix fix)
    {
        if (fix.Time != default)
        {
            var now = clock.GetUtcNow();
            if (started && fix.Time - now <= MaxSteppedGap)
            {
                for (var t = now + PumpInterval; t < fix.Time; t += PumpInterval)
                {
                    clock.AdvanceTo(t);
                    pipeline.Pump();
                }
            }

            clock.AdvanceTo(fix.Time);
            started = true;
        }

        pipeline.Pump();
        pipeline.OnFix(fix);
    }
}
