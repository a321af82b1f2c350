namespace GeoFence.Device.Hosting;

/// <summary>
/// Which approved broker to use and how (configuration section <c>Broker</c>). The signed policy approves brokers;
/// these settings can only choose among them, never add one.
/// </summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Broker";

    /// <summary>Host of the approved broker to use; empty: the policy's first broker.</summary>
    public string? Host { get; set; }

    /// <summary>Port of the approved broker to use, when the policy lists the host more than once.</summary>
    public int? Port { get; set; }

    /// <summary>Topic prefix: records go to {prefix}/{unit}/fix.</summary>
    public string TopicPrefix { get; set; } = "geofence";

    /// <summary>MQTT protocol: <c>5</c> (default) or <c>3.1.1</c>.</summary>
    public string Protocol { get; set; } = "5";

    /// <summary>Messages awaiting PUBACK at most (further capped by the broker's Receive Maximum).</summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>Records per message at most.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Client certificate (PEM) for brokers that require mTLS.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>Private key (PEM) of the client certificate.</summary>
    public string? ClientKeyFile { get; set; }
}
