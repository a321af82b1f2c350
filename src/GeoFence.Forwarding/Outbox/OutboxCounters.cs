namespace GeoFence.Forwarding.Outbox;

/// <summary>Thread-safe outbox counters.</summary>
public sealed class OutboxCounters
{
    private long _appended;
    private long _committed;
    private long _neverWritten;
    private long _acknowledged;
    private long _droppedFull;
    private long _refusedFull;
    private long _expired;
    private long _commits;
    private long _emptyCommitsSkipped;
    private long _commitFailures;

    /// <summary>Records handed to the outbox.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>Records written to the database.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Records acknowledged by the broker before their commit was due, so never written (SD-card wear saved).</summary>
    public long NeverWritten => Interlocked.Read(ref _neverWritten);

    /// <summary>Records acknowledged by the broker and removed.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Oldest records deleted because the outbox was full (drop-oldest).</summary>
    public long DroppedFull => Interlocked.Read(ref _droppedFull);

    /// <summary>New records refused because the outbox was full (stop-accepting).</summary>
    public long RefusedFull => Interlocked.Read(ref _refusedFull);

    /// <summary>Records deleted because they outlived the retention period.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Successful commit transactions.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Commit intervals that ended with nothing to write and nothing stored, so no transaction was run.</summary>
    public long EmptyCommitsSkipped => Interlocked.Read(ref _emptyCommitsSkipped);

    /// <summary>Commit transactions that failed (disk full, read-only, I/O).</summary>
    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    internal void Appended1() => Interlocked.Increment(ref _appended);

    internal void CommittedN(long n) => Interlocked.Add(ref _committed, n);

    internal void NeverWrittenN(long n) => Interlocked.Add(ref _neverWritten, n);

    internal void AcknowledgedN(long n) => Interlocked.Add(ref _acknowledged, n);

    internal void DroppedFullN(long n) => Interlocked.Add(ref _droppedFull, n);

    internal void Refused() => Interlocked.Increment(ref _refusedFull);

    internal void ExpiredN(long n) => Interlocked.Add(ref _expired, n);

    internal void Commit() => Interlocked.Increment(ref _commits);

    internal void EmptyCommitSkipped() => Interlocked.Increment(ref _emptyCommitsSkipped);

    internal void CommitFailure() => Interlocked.Increment(ref _commitFailures);

    /// <inheritdoc/>
    public override string ToString() =>
        $"appended={Appended} committed={Committed} neverWritten={NeverWritten} acknowledged={Acknowledged} droppedFull={DroppedFull} refusedFull={RefusedFull} expired={Expired} commits={Commits} commitFailures={CommitFailures}";
}
