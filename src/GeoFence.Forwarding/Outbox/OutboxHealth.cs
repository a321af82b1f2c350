namespace GeoFence.Forwarding.Outbox;

/// <summary>How the outbox's storage is doing, for status reporting.</summary>
public enum OutboxHealth
{
    /// <summary>Commits succeed.</summary>
    Ok,

    /// <summary>The last commit failed (disk full, read-only, I/O error): records are held in memory and retried.</summary>
    StorageFault,

    /// <summary>The database was corrupt at start, moved aside, and a fresh one started.</summary>
    RecoveredFromCorruption,
}
