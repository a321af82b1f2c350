using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GeoFence.Forwarding.Outbox;

/// <summary>
/// The durable, ordered, bounded outbox. Records wait in memory for at most one commit interval, then one SQLite (WAL)
/// transaction writes them; a record the broker acknowledges before then is never written at all (SD-card wear).
/// Storage faults (disk full, read-only, I/O) keep the process running: records stay in memory (bounded) and the
/// commit is retried; a corrupt database at start is moved aside for forensics and a fresh one started.
/// </summary>
public sealed partial class DurableOutbox : IDisposable
{
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long? _maxPageCount;
    private readonly Lock _gate = new();
    private readonly Lock _commitGate = new();
    private readonly Lock _dbGate = new();
    private readonly SortedDictionary<long, OutboxRecord> _memory = [];
    private readonly HashSet<long> _committing = [];
    private readonly HashSet<long> _acknowledgedStored = [];
    private readonly SemaphoreSlim _batchReady = new(0, 1);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _storedCount;
    private long _storedBytes;
    private long _memoryBytes;
    private long _reservedPersisted;
    private volatile OutboxHealth _health;
    private volatile string? _healthDetail;
    private OutboxDatabase? _database;
    private bool _disposed;

    private DurableOutbox(OutboxOptions options, TimeProvider time, ILogger logger, long? maxPageCount)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _maxPageCount = maxPageCount;
    }

    /// <summary>Thread-safe counters.</summary>
    public OutboxCounters Counters { get; } = new();

    /// <summary>Raised after every commit attempt (true: it succeeded), on the committing thread.</summary>
    public event Action<bool>? CommitAttempted;

    /// <summary>The first sequence number the sanitiser may hand out in this run (never below any earlier one).</summary>
    public long FirstSequence { get; private set; }

    /// <summary>Storage health for status.</summary>
    public OutboxHealth Health => _health;

    /// <summary>What went wrong with storage, in words for status (no record content).</summary>
    public string? HealthDetail => _healthDetail;

    /// <summary>Records waiting to be acknowledged, stored and in memory.</summary>
    public long Depth
    {
        get
        {
            lock (_gate)
            {
                return _storedCount - _acknowledgedStored.Count + _memory.Count;
            }
        }
    }

    /// <summary>Opens the outbox at <see cref="OutboxOptions.DatabasePath"/>; never refuses to run for a bad file.</summary>
    public static DurableOutbox Open(OutboxOptions options, TimeProvider time, ILogger logger) => Open(options, time, logger, null);

    internal static DurableOutbox Open(OutboxOptions options, TimeProvider time, ILogger logger, long? maxPageCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        var outbox = new DurableOutbox(options, time, logger, maxPageCount);
        if (!outbox.TryOpenDatabase())
        {
            // No database at all (read-only or missing storage): run from memory. Sequence numbers then start from
            // the clock (milliseconds since 1970) so that they still grow past anything stored before, given a sane clock.
            outbox.FirstSequence = Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds());
            outbox._reservedPersisted = outbox.FirstSequence;
            return outbox;
        }

        outbox.CommitNow();
        return outbox;
    }

    private bool TryOpenDatabase()
    {
        try
        {
            var database = OutboxDatabase.Open(_options, _time, _maxPageCount);
            var (count, bytes, maxSequence, reserved) = database.ReadTotals();
            lock (_gate)
            {
                _storedCount = count;
                _storedBytes = bytes;
                if (_database is null && FirstSequence == 0)
                {
                    FirstSequence = Math.Max(reserved, maxSequence + 1);
                    _reservedPersisted = FirstSequence;
                }
            }

            _database = database;
            if (database.QuarantinedTo is { } aside)
            {
                _health = OutboxHealth.RecoveredFromCorruption;
                _healthDetail = $"outbox database was corrupt; moved to {aside} and a fresh one started";
                LogQuarantined(_logger, aside);
            }

            return true;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            Counters.CommitFailure();
            _health = OutboxHealth.StorageFault;
            _healthDetail = $"outbox database cannot be opened: {e.Message}; records held in memory";
            LogOpenFailed(_logger, e.Message);
            return false;
        }
    }

    /// <summary>Takes a record (sequence numbers must grow); false when refused because the outbox is full (stop-accepting).</summary>
    public bool TryAppend(OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var signal = false;
        lock (_gate)
        {
            if (_memory.Count > 0 && record.Sequence <= _memory.Keys.Last())
            {
                throw new ArgumentException($"sequence {record.Sequence} does not grow", nameof(record));
            }

            var full = Depth >= _options.MaxRecords || _storedBytes + _memoryBytes + record.Payload.Length > _options.MaxBytes;
            if (full && _options.FullMode == OutboxFullMode.StopAccepting)
            {
                Counters.Refused();
                return false;
            }

            _memory.Add(record.Sequence, record);
            _memoryBytes += record.Payload.Length;
            Counters.Appended1();
            while (_memory.Count > _options.MaxMemoryRecords)
            {
                DropOldestInMemory();
            }

            signal = _memory.Count - _committing.Count >= _options.CommitBatch;
            _appended.TrySetResult();
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (signal && _batchReady.CurrentCount == 0)
        {
            try
            {
                _batchReady.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }

        return true;
    }

    /// <summary>Completes when a record above <paramref name="afterSequence"/> is in memory or the next one is appended.</summary>
    public Task WhenRecordsAfter(long afterSequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_memory.Count > 0 && _memory.Keys.Last() > afterSequence)
            {
                return Task.CompletedTask;
            }

            return _appended.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Up to <paramref name="max"/> unacknowledged records after <paramref name="afterSequence"/>, oldest first.</summary>
    public IReadOnlyList<OutboxRecord> ReadAfter(long afterSequence, int max)
    {
        // The database read and the filter against acknowledged records happen under the database lock, so a commit
        // that deletes acknowledged rows can't fall between them (which would hand out acknowledged records again).
        lock (_dbGate)
        {
            int acknowledgedPending;
            lock (_gate)
            {
                acknowledgedPending = _acknowledgedStored.Count;
            }

            // Acknowledged rows not yet deleted still sit in the table: read past them so a page is never short.
            var page = max + acknowledgedPending;
            List<OutboxRecord> stored = [];
            try
            {
                stored = _database?.ReadAfter(afterSequence, page) ?? [];
            }
            catch (SqliteException e)
            {
                LogReadFailed(_logger, e.SqliteErrorCode, e.Message);
            }

            // A full page means the table may hold more rows after it: nothing beyond the page may be handed out yet,
            // or those rows would be skipped.
            var ceiling = stored.Count >= page ? stored[^1].Sequence : long.MaxValue;
            lock (_gate)
            {
                var merged = new SortedDictionary<long, OutboxRecord>();
                foreach (var record in stored)
                {
                    if (!_acknowledgedStored.Contains(record.Sequence))
                    {
                        merged[record.Sequence] = record;
                    }
                }

                foreach (var (seq, record) in _memory)
                {
                    if (seq > ceiling || merged.Count >= max * 2)
                    {
                        break;
                    }

                    if (seq > afterSequence && !_acknowledgedStored.Contains(seq))
                    {
                        merged[seq] = record;
                    }
                }

                return merged.Values.Take(max).ToList();
            }
        }
    }

    /// <summary>The broker acknowledged this record: it leaves the outbox (never written if it was still in memory).</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            if (_memory.TryGetValue(sequence, out var record) && !_committing.Contains(sequence))
            {
                _memory.Remove(sequence);
                _memoryBytes -= record.Payload.Length;
                Counters.NeverWrittenN(1);
                Counters.AcknowledgedN(1);
                return;
            }

            if (_acknowledgedStored.Add(sequence))
            {
                Counters.AcknowledgedN(1);
            }
        }
    }

    /// <summary>Commits every interval, or at once when a batch is full, until cancelled; then a final commit.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var interval = Task.Delay(_options.CommitInterval, _time, tick.Token);
                var batch = _batchReady.WaitAsync(tick.Token);
                await Task.WhenAny(interval, batch).ConfigureAwait(false);
                await tick.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(interval, batch).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // One of the two was cancelled by design.
                }

                CommitNow();
            }
        }
        finally
        {
            CommitNow();
        }
    }

    /// <summary>Writes what waits now (also on SIGTERM); returns false when storage refused it.</summary>
    public bool CommitNow()
    {
        lock (_commitGate)
        {
            var committed = (_database is not null || TryOpenDatabase()) && CommitLocked(_database!);
            CommitAttempted?.Invoke(committed);
            return committed;
        }
    }

    private bool CommitLocked(OutboxDatabase database)
    {
        List<OutboxRecord> inserts;
        long[] deletes;
        long reservation;
        lock (_gate)
        {
            inserts = _memory.Values.ToList();
            foreach (var record in inserts)
            {
                _committing.Add(record.Sequence);
            }

            deletes = _acknowledgedStored.ToArray();
            var highest = inserts.Count > 0 ? inserts[^1].Sequence : FirstSequence;
            reservation = _reservedPersisted - highest < _options.SequenceBlock / 2 ? highest + _options.SequenceBlock : _reservedPersisted;
        }

        var now = _time.GetUtcNow();
        long storedCount, storedBytes;
        lock (_gate)
        {
            storedCount = _storedCount;
            storedBytes = _storedBytes;
        }

        var bounds = new CommitBounds(now - _options.Retention, _options.FullMode == OutboxFullMode.DropOldest, _options.MaxRecords, _options.MaxBytes, storedCount, storedBytes);
        CommitOutcome outcome;
        try
        {
            lock (_dbGate)
            {
                outcome = database.Commit(inserts, deletes, reservation, bounds);
            }
        }
        catch (SqliteException e)
        {
            lock (_gate)
            {
                _committing.Clear();
            }

            Counters.CommitFailure();
            _health = OutboxHealth.StorageFault;
            _healthDetail = $"outbox commit failed: {Describe(e)}; {inserts.Count} records held in memory";
            LogCommitFailed(_logger, e.SqliteErrorCode, e.Message);
            return false;
        }

        lock (_gate)
        {
            foreach (var record in inserts)
            {
                _committing.Remove(record.Sequence);
                if (_memory.Remove(record.Sequence))
                {
                    _memoryBytes -= record.Payload.Length;
                }
            }

            foreach (var seq in deletes)
            {
                _acknowledgedStored.Remove(seq);
            }

            _reservedPersisted = Math.Max(_reservedPersisted, reservation);
            Counters.CommittedN(outcome.Inserted);
            Counters.ExpiredN(outcome.Expired);
            Counters.DroppedFullN(outcome.Trimmed);
            Counters.Commit();
            _storedCount += outcome.Inserted - outcome.Deleted - outcome.Expired - outcome.Trimmed;
            _storedBytes += outcome.InsertedBytes - outcome.RemovedBytes;
        }

        if (_health == OutboxHealth.StorageFault)
        {
            _health = OutboxHealth.Ok;
            _healthDetail = null;
            LogRecovered(_logger);
        }

        return true;
    }

    /// <summary>Erases every stored and waiting record (the `wipe` command); sequence numbers still never go back.</summary>
    public void Wipe()
    {
        lock (_dbGate)
        {
            _database?.DeleteAll();
        }

        lock (_gate)
        {
            _memory.Clear();
            _acknowledgedStored.Clear();
            _memoryBytes = 0;
            _storedBytes = 0;
            _storedCount = 0;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CommitNow();
        _database?.Dispose();
        _batchReady.Dispose();
    }

    private void DropOldestInMemory()
    {
        var oldest = _memory.First();
        _memory.Remove(oldest.Key);
        _committing.Remove(oldest.Key);
        _memoryBytes -= oldest.Value.Payload.Length;
        Counters.DroppedFullN(1);
    }

    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        13 => "disk full",
        8 => "storage is read-only",
        14 => "database file cannot be opened",
        10 => "I/O error",
        _ => $"SQLite error {e.SqliteErrorCode}",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "outbox database was corrupt; moved to {Path}, fresh database started")]
    private static partial void LogQuarantined(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox commit failed (SQLite {Code}): {Reason}; records held in memory, retrying")]
    private static partial void LogCommitFailed(ILogger logger, int code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox read failed (SQLite {Code}): {Reason}")]
    private static partial void LogReadFailed(ILogger logger, int code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "outbox database cannot be opened: {Reason}; records held in memory, retrying")]
    private static partial void LogOpenFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "outbox storage recovered; commits succeed again")]
    private static partial void LogRecovered(ILogger logger);
}
