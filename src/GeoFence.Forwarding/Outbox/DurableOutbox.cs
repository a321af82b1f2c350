using GeoFence.Forwarding.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GeoFence.Forwarding.Outbox;

/// <summary>
/// The durable, ordered, bounded outbox. Records wait in memory for at most one commit interval, then one SQLite (WAL)
/// transaction writes them; a record the broker acknowledges before then is never written at all (SD-card wear).
/// Records appended in this run stay in memory after their commit (up to <see cref="OutboxOptions.MaxMemoryRecords"/>),
/// so the publisher reads them without SQL; older stored rows are read from the database a page at a time.
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

    // Every record appended in this run that is not yet acknowledged-and-dropped from the front, in sequence order:
    // the "hot" window. Every stored row with a sequence up to _coldThrough is not in it ("cold": read by SQL).
    private readonly RecordWindow _hot = new();

    // Stored rows acknowledged by the broker, deleted by the next commit.
    private readonly HashSet<long> _acknowledgedStored = [];
    private ClockWake? _commitWake;
    private TaskCompletionSource _appended = new();
    private bool _appendAwaited;
    private long _lastAppended;
    private long _committedThrough;
    private long _coldThrough;
    private int _uncommitted;
    private int _committing;
    private int _acknowledgedWhileCommitting;
    private long _storedCount;
    private long _storedBytes;
    private long _memoryBytes;
    private long _reservedPersisted;
    private volatile bool _brokerConnected;
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

    /// <summary>
    /// Whether a broker is connected (the forwarder sets it): the commit loop then commits every
    /// <see cref="OutboxOptions.CommitInterval"/>, otherwise every <see cref="OutboxOptions.DisconnectedCommitInterval"/>.
    /// </summary>
    public bool BrokerConnected
    {
        get => _brokerConnected;
        set => _brokerConnected = value;
    }

    /// <summary>Records waiting to be acknowledged, stored and in memory.</summary>
    public long Depth
    {
        get
        {
            lock (_gate)
            {
                return DepthLocked();
            }
        }
    }

    /// <summary>Opens the outbox at <see cref="OutboxOptions.DatabasePath"/>; never refuses to run for a bad file.</summary>
    public static DurableOutbox Open(OutboxOptions options, TimeProvider time, ILogger logger) => Open(options, time, logger, null);

    internal static DurableOutbox Open(OutboxOptions options, TimeProvider time, ILogger logger, long? maxPageCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var outbox = new DurableOutbox(options, time, logger, maxPageCount);
        if (!outbox.TryOpenDatabase())
        {
            // No database at all (read-only or missing storage): run from memory. Sequence numbers then start from
            // the clock (milliseconds since 1970) so that they still grow past anything stored before, given a sane clock.
            outbox.FirstSequence = ClockSequence(time);
            outbox._reservedPersisted = outbox.FirstSequence;
            return outbox;
        }

        outbox.CommitNow();
        return outbox;
    }

    /// <summary>
    /// Erases the outbox while no process has it open (the `wipe` command): the database, its WAL and shared-memory files,
    /// the sequence reservation stored in it, and database copies moved aside as corrupt. The next <see cref="Open(OutboxOptions, TimeProvider, ILogger)"/>
    /// starts numbering from the clock (ms since 1970), above any earlier number given a sane clock. Returns the files
    /// deleted; throws <see cref="IOException"/> when the outbox is open (in this or another process).
    /// </summary>
    public static IReadOnlyList<string> Erase(OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OutboxDatabase.Erase(options.DatabasePath);
    }

    private static long ClockSequence(TimeProvider time) => Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds());

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
                    // A database created now (first start, after a wipe or a corrupt file) has no history: number from
                    // the clock so that no number used before it comes back.
                    FirstSequence = database.Created ? ClockSequence(_time) : Math.Max(reserved, maxSequence + 1);
                    _reservedPersisted = database.Created ? FirstSequence : Math.Max(reserved, FirstSequence);
                }

                // Stored rows are read by SQL up to here; everything appended in this run (numbered from FirstSequence)
                // is in memory. A database that opens late (after a storage fault at start) with rows numbered above
                // this run's (a clock set back) keeps those rows for the next start rather than mixing the order.
                _coldThrough = count == 0 ? 0 : Math.Min(maxSequence, (_hot.Count > 0 ? _hot.FirstSequence : FirstSequence) - 1);
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
        TaskCompletionSource? appended = null;
        lock (_gate)
        {
            if (record.Sequence <= _lastAppended)
            {
                throw new ArgumentException($"sequence {record.Sequence} does not grow", nameof(record));
            }

            var full = DepthLocked() >= _options.MaxRecords || _storedBytes + _memoryBytes + record.Payload.Length > _options.MaxBytes;
            if (full && _options.FullMode == OutboxFullMode.StopAccepting)
            {
                Counters.Refused();
                return false;
            }

            _hot.Add(record, EntryState.Uncommitted);
            _lastAppended = record.Sequence;
            _uncommitted++;
            _memoryBytes += record.Payload.Length;
            Counters.Appended1();
            while (_hot.Count > _options.MaxMemoryRecords && EvictOldest())
            {
            }

            if (_uncommitted >= _options.CommitBatch)
            {
                _commitWake?.Set(); // a full batch commits at once
            }

            if (_appendAwaited)
            {
                _appendAwaited = false;
                appended = _appended;
                _appended = new TaskCompletionSource();
            }
        }

        // Outside the lock, and the waiter (the publisher) continues on this thread up to its next real wait: at 20 Hz a
        // hop to the thread pool per record cost more wake-ups than the publish itself.
        appended?.TrySetResult();

        return true;
    }

    /// <summary>
    /// Completes when an unacknowledged record above <paramref name="afterSequence"/> is in memory or the next one is
    /// appended; never cancelled: wait on it together with a cancellable task (a cancellable wait per record cost a
    /// promise and a token registration 20 times a second).
    /// </summary>
    public Task WhenRecordsAfter(long afterSequence)
    {
        lock (_gate)
        {
            for (var i = _hot.IndexAfter(afterSequence); i < _hot.Count; i++)
            {
                if (_hot[i].State != EntryState.Acknowledged)
                {
                    return Task.CompletedTask;
                }
            }

            _appendAwaited = true;
            return _appended.Task;
        }
    }

    /// <summary>The broker acknowledged this record: it leaves the outbox (never written if it was still in memory).</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            if (_hot.Count > 0 && sequence >= _hot.FirstSequence)
            {
                var index = _hot.IndexOf(sequence);
                if (index >= 0)
                {
                    AcknowledgeHot(ref _hot[index]);
                }

                while (_hot.Count > 0 && _hot[0].State == EntryState.Acknowledged)
                {
                    _hot.RemoveFirst();
                }

                return;
            }

            AcknowledgeCold(sequence);
        }
    }

    private void AcknowledgeHot(ref WindowEntry entry)
    {
        switch (entry.State)
        {
            case EntryState.Uncommitted:
                _uncommitted--;
                _memoryBytes -= entry.Record.Payload.Length;
                Counters.NeverWrittenN(1);
                break;
            case EntryState.Committing:
                // The commit in progress writes it; the next one deletes it. Until that commit settles, the record is
                // in _acknowledgedStored but not yet in _storedCount: counted here so the depth does not dip by one.
                _committing--;
                _acknowledgedWhileCommitting++;
                _acknowledgedStored.Add(entry.Record.Sequence);
                break;
            case EntryState.Stored:
                _acknowledgedStored.Add(entry.Record.Sequence);
                break;
            default:
                return;
        }

        entry.State = EntryState.Acknowledged;
        Counters.AcknowledgedN(1);
    }

    /// <summary>Drops the oldest record from memory: a stored one stays in the database (read by SQL from now on), an
    /// unwritten one (storage refusing writes) is lost and counted. False when the oldest is being committed.</summary>
    private bool EvictOldest()
    {
        ref var oldest = ref _hot[0];
        switch (oldest.State)
        {
            case EntryState.Committing:
                return false;
            case EntryState.Stored:
                _coldThrough = Math.Max(_coldThrough, oldest.Record.Sequence);
                break;
            case EntryState.Uncommitted:
                _uncommitted--;
                _memoryBytes -= oldest.Record.Payload.Length;
                Counters.DroppedFullN(1);
                break;
            default:
                break;
        }

        _hot.RemoveFirst();
        return true;
    }

    private long DepthLocked() => _storedCount - _acknowledgedStored.Count + _uncommitted + _committing + _acknowledgedWhileCommitting;

    /// <summary>Erases every stored and waiting record (the `wipe` command); sequence numbers still never go back.</summary>
    public void Wipe()
    {
        lock (_commitGate)
        {
            lock (_dbGate)
            {
                _database?.DeleteAll();
                lock (_gate)
                {
                    _hot.Clear();
                    ClearColdPage();
                    _acknowledgedStored.Clear();
                    _uncommitted = 0;
                    _committing = 0;
                    _acknowledgedWhileCommitting = 0;
                    _coldThrough = 0;
                    _committedThrough = _lastAppended;
                    _memoryBytes = 0;
                    _storedBytes = 0;
                    _storedCount = 0;
                }
            }
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
