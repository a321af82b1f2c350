namespace GeoFence.Device.Hosting;

/// <summary>Who the unit is and where it keeps its state (configuration section <c>Unit</c>).</summary>
public sealed class UnitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Unit";

    /// <summary>The unit's id in topics and status: 1–64 of a-z, 0-9, '-', '_'.</summary>
    public string? Id { get; set; }

    /// <summary>Directory for the outbox, the audit log and the installed policy.</summary>
    public string DataDirectory { get; set; } = "/var/lib/geofence-device";

    /// <summary>Directory of trusted policy-signing public keys (*.pem).</summary>
    public string TrustDirectory { get; set; } = "/etc/geofence-device/trust";

    /// <summary>The device key (32 bytes or 64 hex digits); default: device.key in the data directory.</summary>
    public string? DeviceKeyFile { get; set; }

    /// <summary>Where signed policy bundles are dropped for installation; default: incoming/ in the data directory.</summary>
    public string? IncomingDirectory { get; set; }

    /// <summary>The device key path in effect.</summary>
    public string DeviceKeyPath => DeviceKeyFile ?? Path.Combine(DataDirectory, "device.key");

    /// <summary>The incoming-bundle directory in effect.</summary>
    public string IncomingPath => IncomingDirectory ?? Path.Combine(DataDirectory, "incoming");

    /// <summary>The outbox database path.</summary>
    public string OutboxPath => Path.Combine(DataDirectory, "outbox.db");

    /// <summary>The audit log path.</summary>
    public string AuditPath => Path.Combine(DataDirectory, "audit.jsonl");
}
