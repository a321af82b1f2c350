namespace GeoFence.Device.LocalFeed;

/// <summary>The local gpsd-compatible feed (configuration section <c>LocalFeed</c>): sanitised fixes on loopback only.</summary>
public sealed class LocalFeedOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "LocalFeed";

    /// <summary>Serve the feed (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>TCP port (default 2947, gpsd's; choose another if gpsd itself runs on the unit).</summary>
    public int Port { get; set; } = 2947;

    /// <summary>The address to listen on: a loopback address only (default 127.0.0.1; ::1 for IPv6).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Most clients served at once (default 8); one more gets an ERROR object and is closed.</summary>
    public int MaxClients { get; set; } = 8;

    /// <summary>Lines waiting per client (default 64); a client that reads too slowly loses the oldest ones (counted).</summary>
    public int QueueCapacity { get; set; } = 64;
}
