namespace GeoFence.Forwarding.Outbox;

/// <summary>SQLite's synchronous setting for the outbox (WAL mode).</summary>
public enum OutboxSync
{
    /// <summary>WAL fsynced at every commit: a power cut loses at most the records younger than the commit interval.</summary>
    Full,

    /// <summary>WAL fsynced at checkpoints only: fewer writes; a power cut may also lose commits since the last checkpoint.</summary>
    Normal,
}
