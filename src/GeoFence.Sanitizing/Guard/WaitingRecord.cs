using GeoFence.Sanitizing.Output;

namespace GeoFence.Sanitizing.Guard;

/// <summary>A record in the delay line with the true position it came from (kept in memory only, for distance checks).</summary>
internal sealed class WaitingRecord(DateTimeOffset matures, long auditTicket, double latitude, double longitude, OutgoingContent content, bool zoneProtected)
{
    /// <summary>The audit's ticket of the decision that let it in: it may leave only once that entry is written.</summary>
    public long AuditTicket { get; } = auditTicket;

    /// <summary>When the record may leave.</summary>
    public DateTimeOffset Matures { get; } = matures;

    /// <summary>True latitude (never leaves).</summary>
    public double Latitude { get; } = latitude;

    /// <summary>True longitude (never leaves).</summary>
    public double Longitude { get; } = longitude;

    /// <summary>The sanitised values that will leave.</summary>
    public OutgoingContent Content { get; private set; } = content;

    /// <summary>True for a zone-redacted record: it is the policy's answer inside its zone, not a leak to suppress.</summary>
    public bool ZoneProtected { get; } = zoneProtected;

    /// <summary>True once a later trigger suppressed it.</summary>
    public bool Suppressed { get; private set; }

    /// <summary>Marks it as never leaving.</summary>
    public void Suppress() => Suppressed = true;

    /// <summary>Drops speed and course.</summary>
    public void StripMotion() => Content = Content.WithoutMotion();
}
