using GeoFence.Device.Status;

namespace GeoFence.Device.Systemd;

/// <summary>Answers the watchdog's question at each tick: is the pipeline healthy enough to keep running?</summary>
public interface IPipelineHealth
{
    /// <summary>Checks health now; <paramref name="reason"/> names the first failed check.</summary>
    bool IsHealthy(out ReasonId reason);
}
