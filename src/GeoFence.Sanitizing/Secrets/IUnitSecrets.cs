namespace GeoFence.Sanitizing.Secrets;

/// <summary>Per-unit secret key material; never logged, never forwarded.</summary>
public interface IUnitSecrets
{
    /// <summary>Key for the drifting grid offset of redacted positions (at least 16 bytes).</summary>
    ReadOnlySpan<byte> GridOffsetKey { get; }

    /// <summary>Key for hashing zone ids into the audit (at least 16 bytes).</summary>
    ReadOnlySpan<byte> AuditKey { get; }
}
