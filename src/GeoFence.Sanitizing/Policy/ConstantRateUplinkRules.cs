namespace GeoFence.Sanitizing.Policy;

/// <summary>Optional constant-rate uplink: one record per cadence so that gaps outline nothing.</summary>
public sealed record ConstantRateUplinkRules
{
    /// <summary>True to send at a fixed cadence instead of as records mature.</summary>
    public bool Enabled { get; init; }

    /// <summary>Interval between outgoing records.</summary>
    public TimeSpan Cadence { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>True to send a positionless heartbeat when no record is due (suppression and no-fix alike); false sends nothing.</summary>
    public bool HeartbeatWhenSuppressed { get; init; }

    /// <summary>Lists what is wrong; empty when usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (Enabled && (Cadence < TimeSpan.FromMilliseconds(100) || Cadence > TimeSpan.FromHours(1)))
        {
            yield return "uplink cadence must be within 0.1..3600 s";
        }
    }
}
