namespace GeoFence.Device.Systemd;

/// <summary>Options of the watchdog health check (configuration section <c>Watchdog</c>).</summary>
public sealed class WatchdogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Watchdog";

    /// <summary>Withhold the watchdog ping while no valid policy is loaded (default true: systemd restarts the agent).</summary>
    public bool RequirePolicy { get; set; } = true;

    /// <summary>
    /// After start, pings go out for this long even before the pipeline is healthy, so a receiver that takes a while
    /// to open (auto-baud hunting) is not killed by a 10 s watchdog (default 60 s).
    /// </summary>
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromSeconds(60);
}
