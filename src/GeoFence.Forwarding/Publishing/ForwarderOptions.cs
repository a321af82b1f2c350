using MQTTnet.Formatter;

namespace GeoFence.Forwarding.Publishing;

/// <summary>How the forwarder talks MQTT to the approved broker the local configuration chose.</summary>
public sealed record ForwarderOptions
{
    /// <summary>The unit's id, part of every topic.</summary>
    public required string UnitId { get; init; }

    /// <summary>Topic prefix: records go to {prefix}/{unitId}/fix, status to {prefix}/{unitId}/status.</summary>
    public string TopicPrefix { get; init; } = "geofence";

    /// <summary>MQTT 5 (default) or 3.1.1.</summary>
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Most messages awaiting PUBACK; the broker's Receive Maximum lowers it further.</summary>
    public int MaxInFlight { get; init; } = 16;

    /// <summary>Most records per message (a JSON array of 1..N records).</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>First reconnect delay (jittered, doubling).</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan ReconnectMaximumDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TCP connect, TLS handshake and CONNACK together must finish within this time.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A PUBACK not received within this time counts as a dead connection: reconnect and resend.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>MQTT keep-alive.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest policy bundle accepted from the policy topics.</summary>
    public int MaxPolicyBundleBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>The unit's client certificate (with private key) for brokers that require mTLS.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Records topic.</summary>
    public string FixTopic => $"{TopicPrefix}/{UnitId}/fix";

    /// <summary>Retained status topic (last will: offline).</summary>
    public string StatusTopic => $"{TopicPrefix}/{UnitId}/status";

    /// <summary>Policy topics: the unit's own and the fleet's.</summary>
    public IReadOnlyList<string> PolicyTopics => [$"{TopicPrefix}/{UnitId}/policy", $"{TopicPrefix}/policy"];
}
