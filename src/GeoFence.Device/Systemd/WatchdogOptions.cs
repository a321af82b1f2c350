namespace GeoFence.Device.Systemd;

/// <summary>Options of the watchdog health check (configuration section <c>Watchdog</c>).</summary>
public sealed class WatchdogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Watchdog";

    /// <summary>Withhold the watchdog ping while no valid policy is loaded (default true: systemd restarts the agent).</summary>
    public bool RequirePolicy { get; set; } = true;
}
