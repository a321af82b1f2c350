namespace GeoFence.Forwarding.Outbox;

/// <summary>What the outbox keeps and how often it writes.</summary>
public sealed record OutboxOptions
{
    /// <summary>The database file (in the unit's data directory).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>While a broker is connected, records wait at most this long in memory before they are committed.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>While no broker is connected, records wait at most this long before they are committed (the power-cut loss window then).</summary>
    public TimeSpan DisconnectedCommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A commit happens as soon as this many records wait, whatever the interval.</summary>
    public int CommitBatch { get; init; } = 100;

    /// <summary>Most records kept (committed and waiting).</summary>
    public long MaxRecords { get; init; } = 1_000_000;

    /// <summary>Most payload bytes kept (committed and waiting).</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Records older than this are deleted (policy retention, default 7 days).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>What happens when a bound is reached.</summary>
    public OutboxFullMode FullMode { get; init; } = OutboxFullMode.DropOldest;

    /// <summary>Most records held in memory: committed ones beyond it are read back from the database; while the disk refuses writes (full, read-only), unwritten ones beyond it are dropped (oldest first, counted).</summary>
    public int MaxMemoryRecords { get; init; } = 50_000;

    /// <summary>SQLite synchronous level: FULL fsyncs the WAL at every commit; NORMAL only at checkpoints.</summary>
    public OutboxSync Synchronous { get; init; } = OutboxSync.Full;

    /// <summary>SQLite page size in bytes for a new database file (a power of two, 512..65536).</summary>
    public int PageSize { get; init; } = 1024;

    /// <summary>WAL pages after which SQLite copies the WAL back into the database file (a checkpoint).</summary>
    public int WalAutoCheckpointPages { get; init; } = 1000;

    /// <summary>Sequence numbers reserved per persisted step (hi-lo), so a crash never reuses one.</summary>
    public int SequenceBlock { get; init; } = 4096;
}
