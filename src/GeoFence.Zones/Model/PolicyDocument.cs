namespace GeoFence.Zones.Model;

/// <summary>The parsed policy: what an authority signed. Immutable. The zone list is sensitive: never log it.</summary>
/// <param name="PolicyId">Policy identifier.</param>
/// <param name="Version">Strictly increasing version (anti-rollback).</param>
/// <param name="IssuedAt">Issue instant.</param>
/// <param name="NotBefore">First instant of validity.</param>
/// <param name="NotAfter">Last instant of validity (exclusive).</param>
/// <param name="Default">Action for fixes matching no zone.</param>
/// <param name="ErrorModel">How error circles are sized.</param>
/// <param name="Zones">Zones, in document order.</param>
/// <param name="Brokers">Approved MQTT brokers.</param>
/// <param name="Output">Output rules for the sanitiser.</param>
public sealed record PolicyDocument(
    string PolicyId,
    long Version,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DefaultAction Default,
    ErrorModel ErrorModel,
    IReadOnlyList<ZoneDefinition> Zones,
    IReadOnlyList<BrokerApproval> Brokers,
    OutputSettings Output)
{
    /// <summary>True when the instant lies in [NotBefore, NotAfter).</summary>
    public bool IsValidAt(DateTimeOffset instant) => instant >= NotBefore && instant < NotAfter;

    /// <inheritdoc />
    public override string ToString() => $"Policy {PolicyId} v{Version} ({Zones.Count} zones)";
}
