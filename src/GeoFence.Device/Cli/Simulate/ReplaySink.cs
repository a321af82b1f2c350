using GeoFence.Device.Pipeline;
using GeoFence.Gnss;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>Between decoder and pipeline in a replay: moves the replay clock to each fix's receiver time, pumps, then passes the fix on.</summary>
internal sealed class ReplaySink(ReplayClock clock, FixPipeline pipeline) : IGnssSink
{
    /// <inheritdoc />
    public void OnFix(in Fix fix)
    {
        if (fix.Time != default)
        {
            clock.AdvanceTo(fix.Time);
        }

        pipeline.Pump();
        pipeline.OnFix(fix);
    }
}
