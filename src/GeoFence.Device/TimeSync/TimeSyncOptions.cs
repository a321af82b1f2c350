namespace GeoFence.Device.TimeSync;

/// <summary>Options of the chrony feed (configuration section <c>TimeSync</c>).</summary>
public sealed class TimeSyncOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "TimeSync";

    /// <summary>Send samples to chrony (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>The socket chronyd creates for <c>refclock SOCK</c>.</summary>
    public string SocketPath { get; set; } = "/run/geofence-device/chrony-gnss.sock";

    /// <summary>The timeval size of the chronyd on the unit (Auto: this process's bitness).</summary>
    public TimevalLayout Timeval { get; set; } = TimevalLayout.Auto;
}
