namespace GeoFence.Sanitizing;

/// <summary>What the sanitiser did, as counts only (for status and tests); never positions.</summary>
public sealed class SanitizerCounters
{
    /// <summary>Fixes handed in.</summary>
    public long Received { get; internal set; }

    /// <summary>Fixes dropped because the fix, its time or the verdict was unusable.</summary>
    public long Invalid { get; internal set; }

    /// <summary>Fixes the policy blocked.</summary>
    public long Blocked { get; internal set; }

    /// <summary>Waiting records suppressed by a later trigger within the approach distance.</summary>
    public long SuppressedApproach { get; internal set; }

    /// <summary>Fixes suppressed after leaving a zone (clearance).</summary>
    public long SuppressedClearance { get; internal set; }

    /// <summary>Fixes dropped because the delay line was full.</summary>
    public long DroppedLineFull { get; internal set; }

    /// <summary>Waiting or matured records dropped because audit entries were lost (a failed audit write).</summary>
    public long DroppedAuditLost { get; internal set; }

    /// <summary>Waiting records dropped at flush (shutdown).</summary>
    public long DroppedAtFlush { get; internal set; }

    /// <summary>Matured records replaced by a newer one before their uplink tick (constant-rate uplink only).</summary>
    public long Coalesced { get; internal set; }

    /// <summary>Records that left (including heartbeats).</summary>
    public long Emitted { get; internal set; }

    /// <summary>Heartbeats that left.</summary>
    public long Heartbeats { get; internal set; }
}
