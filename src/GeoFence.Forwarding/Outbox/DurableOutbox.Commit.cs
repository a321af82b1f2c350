using GeoFence.Forwarding.Threading;
using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>The write side: group commits on a timer or a full batch, and their bookkeeping.</summary>
public sealed partial class DurableOutbox
{
    /// <summary>
    /// Commits every <see cref="OutboxOptions.CommitInterval"/> while a broker is connected, every
    /// <see cref="OutboxOptions.DisconnectedCommitInterval"/> otherwise, or at once when a batch is full, until
    /// cancelled; then a final commit. The commits run on a dedicated thread ("outbox commit"): a synchronous SQLite
    /// write with its fsync never holds a pool thread, and a sleep between commits is one timed wait, not a .NET timer
    /// (which costs the timer thread and a pool thread per tick).
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var wake = new ClockWake(_time);
        wake.Arm(CurrentCommitInterval); // armed before this returns: a test's fake clock may advance at once
        lock (_gate)
        {
            _commitWake = wake;
        }

        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                RunCommits(wake, cancellationToken);
                finished.TrySetResult();
            }
            catch (Exception e)
            {
                finished.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "outbox commit" };
        thread.Start();
        return finished.Task;
    }

    private void RunCommits(ClockWake wake, CancellationToken cancellationToken)
    {
        var stopping = cancellationToken.Register(wake.Set);
        try
        {
            while (true)
            {
                wake.Wait();
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                wake.Arm(CurrentCommitInterval); // the next commit one interval after this one (or a full batch)
                CommitNow();
            }
        }
        finally
        {
            stopping.Dispose(); // waits for a running callback: no Set after the wake is gone
            lock (_gate)
            {
                _commitWake = null;
            }

            CommitNow();
            wake.Dispose();
        }
    }

    /// <summary>The commit interval that applies now (shorter while a broker is connected).</summary>
    public TimeSpan CurrentCommitInterval => _brokerConnected ? _options.CommitInterval : _options.DisconnectedCommitInterval;

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
        var inserts = new List<OutboxRecord>();
        long[] deletes;
        long reservation;
        long committedBefore;
        CommitBounds bounds;
        lock (_gate)
        {
            committedBefore = _committedThrough;
            for (var i = _hot.IndexAfter(_committedThrough); i < _hot.Count; i++)
            {
                ref var entry = ref _hot[i];
                if (entry.State == EntryState.Uncommitted)
                {
                    entry.State = EntryState.Committing;
                    inserts.Add(entry.Record);
                }
            }

            _committing += inserts.Count;
            _uncommitted -= inserts.Count;
            _committedThrough = Math.Max(_committedThrough, _lastAppended);
            deletes = [.. _acknowledgedStored];

            // The reservation covers every number handed out, written or not (a record acknowledged before its commit
            // still used its number).
            var highest = Math.Max(_lastAppended, FirstSequence);
            reservation = _reservedPersisted - highest < _options.SequenceBlock / 2 ? highest + _options.SequenceBlock : _reservedPersisted;
            bounds = new CommitBounds(_time.GetUtcNow() - _options.Retention, _options.FullMode == OutboxFullMode.DropOldest,
                _options.MaxRecords, _options.MaxBytes, _storedCount, _storedBytes);

            // Nothing to write, nothing stored that could expire or be trimmed, no new reservation, storage healthy: no
            // transaction. While the broker acknowledges every record within the commit interval (the normal case at
            // 20 Hz) each interval ended here; an empty SQLite transaction every 200 ms was a tenth of the unit's CPU.
            if (inserts.Count == 0 && deletes.Length == 0 && reservation == _reservedPersisted && _storedCount == 0 && _health != OutboxHealth.StorageFault)
            {
                Counters.EmptyCommitSkipped();
                return true;
            }
        }

        CommitStarting?.Invoke();
        lock (_dbGate)
        {
            CommitOutcome outcome;
            try
            {
                outcome = database.Commit(inserts, deletes, reservation, bounds);
            }
            catch (SqliteException e)
            {
                lock (_gate)
                {
                    Reopen(inserts, committedBefore);
                }

                Counters.CommitFailure();
                _health = OutboxHealth.StorageFault;
                _healthDetail = $"outbox commit failed: {Describe(e)}; {inserts.Count} records held in memory";
                LogCommitFailed(_logger, e.SqliteErrorCode, e.Message);
                return false;
            }

            lock (_gate)
            {
                Settle(inserts, deletes, reservation, outcome);
            }
        }

        if (_health == OutboxHealth.StorageFault)
        {
            _health = OutboxHealth.Ok;
            _healthDetail = null;
            LogRecovered(_logger);
        }

        return true;
    }

    /// <summary>Test hook: runs after a commit took its records and before it writes them (outside the outbox's lock).</summary>
    internal Action? CommitStarting { get; set; }

    /// <summary>After a successful commit: written records are stored, deleted ones forgotten, totals moved.</summary>
    private void Settle(List<OutboxRecord> inserts, long[] deletes, long reservation, CommitOutcome outcome)
    {
        _acknowledgedWhileCommitting = 0; // they are in _storedCount from here on
        foreach (var record in inserts)
        {
            _memoryBytes -= record.Payload.Length;
            var index = _hot.IndexOf(record.Sequence);
            if (index >= 0 && _hot[index].State == EntryState.Committing)
            {
                _hot[index].State = EntryState.Stored;
                _committing--;
            }
        }

        foreach (var seq in deletes)
        {
            _acknowledgedStored.Remove(seq);
        }

        if (outcome.LastRemovedSequence > 0)
        {
            ForgetThrough(outcome.LastRemovedSequence);
        }

        _reservedPersisted = Math.Max(_reservedPersisted, reservation);
        Counters.CommittedN(outcome.Inserted);
        Counters.ExpiredN(outcome.Expired);
        Counters.DroppedFullN(outcome.Trimmed);
        Counters.Commit();
        _storedCount += outcome.Inserted - outcome.Deleted - outcome.Expired - outcome.Trimmed;
        _storedBytes += outcome.InsertedBytes - outcome.RemovedBytes;
    }

    /// <summary>After a failed commit: the records wait in memory again (those acknowledged meanwhile are done).</summary>
    private void Reopen(List<OutboxRecord> inserts, long committedBefore)
    {
        _acknowledgedWhileCommitting = 0; // taken out of _acknowledgedStored below: never written after all
        foreach (var record in inserts)
        {
            var index = _hot.IndexOf(record.Sequence);
            if (index >= 0 && _hot[index].State == EntryState.Committing)
            {
                _hot[index].State = EntryState.Uncommitted;
                _committing--;
                _uncommitted++;
                continue;
            }

            // Acknowledged while the commit ran, so never written after all.
            _memoryBytes -= record.Payload.Length;
            _acknowledgedStored.Remove(record.Sequence);
            Counters.NeverWrittenN(1);
        }

        _committedThrough = committedBefore;
    }
}
