using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>The read side: records from memory without SQL; stored rows older than this run's a page at a time.</summary>
public sealed partial class DurableOutbox
{
    /// <summary>Stored chunks read by one SQL query when the reader reaches records not held in memory.</summary>
    internal const int ColdPageChunks = 8;

    /// <summary>Most records one SQL page read yields.</summary>
    internal const int ColdPageRecords = ColdPageChunks * ChunkCodec.MaxRecords;

    // The current page of cold rows: every stored, unacknowledged-when-read row with a sequence in
    // (_coldPageAfter, _coldPageThrough], in order. Guarded by _gate; loaded under _dbGate.
    private readonly RecordWindow _coldPage = new();
    private long _coldPageAfter = -1;
    private long _coldPageThrough = -1;
    private long _coldPageLoads;

    /// <summary>SQL page reads so far (records appended in this run are read from memory; tests prove it).</summary>
    internal long ColdPageLoads => Interlocked.Read(ref _coldPageLoads);

    /// <summary>Up to <paramref name="max"/> unacknowledged records after <paramref name="afterSequence"/>, oldest first.</summary>
    /// <remarks>Never skips one: it may return fewer than <paramref name="max"/> while more wait (read again after the last).</remarks>
    public IReadOnlyList<OutboxRecord> ReadAfter(long afterSequence, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var result = new List<OutboxRecord>(); // grows as it fills: the pump reads one record, then none, 20 times a second
        var cursor = afterSequence;
        while (true)
        {
            if (cursor < Volatile.Read(ref _coldThrough))
            {
                cursor = ReadCold(cursor, max, result, out var readable);
                if (result.Count >= max || !readable)
                {
                    // A failed SQL read hands out nothing past the rows it could not read (they are tried again).
                    return result;
                }
            }

            lock (_gate)
            {
                if (cursor < _coldThrough)
                {
                    // Records left memory for the database meanwhile: read them there first.
                    continue;
                }

                for (var i = _hot.IndexAfter(cursor); i < _hot.Count && result.Count < max; i++)
                {
                    ref var entry = ref _hot[i];
                    if (entry.State != EntryState.Acknowledged)
                    {
                        result.Add(entry.Record);
                    }
                }

                return result;
            }
        }
    }

    /// <summary>Adds cold rows after <paramref name="cursor"/> to <paramref name="result"/>; returns where the next read starts.</summary>
    private long ReadCold(long cursor, int max, List<OutboxRecord> result, out bool readable)
    {
        readable = true;
        // Under the database lock, so a commit that deletes acknowledged rows can't fall between the SQL read and the
        // filter against acknowledged records (which would hand those out again).
        lock (_dbGate)
        {
            while (result.Count < max)
            {
                long coldThrough;
                lock (_gate)
                {
                    coldThrough = _coldThrough;
                    if (cursor >= coldThrough)
                    {
                        return cursor;
                    }

                    if (cursor >= _coldPageAfter && cursor < _coldPageThrough)
                    {
                        var i = _coldPage.IndexAfter(cursor);
                        for (; i < _coldPage.Count && result.Count < max; i++)
                        {
                            ref var entry = ref _coldPage[i];
                            if (entry.State != EntryState.Acknowledged)
                            {
                                result.Add(entry.Record);
                                cursor = entry.Record.Sequence;
                            }
                        }

                        if (i >= _coldPage.Count)
                        {
                            cursor = _coldPageThrough;
                        }

                        continue;
                    }
                }

                if (!LoadColdPage(cursor, coldThrough))
                {
                    readable = false;
                    return cursor;
                }
            }

            return cursor;
        }
    }

    /// <summary>Reads the stored rows after <paramref name="after"/> (up to <paramref name="through"/>) into the cold page.</summary>
    private bool LoadColdPage(long after, long through)
    {
        List<OutboxRecord> rows;
        long covered;
        Interlocked.Increment(ref _coldPageLoads);
        try
        {
            if (_database is { } database)
            {
                rows = database.ReadRange(after, through, ColdPageChunks, out covered);
            }
            else
            {
                rows = [];
                covered = through;
            }
        }
        catch (SqliteException e)
        {
            LogReadFailed(_logger, e.SqliteErrorCode, e.Message);
            return false;
        }

        lock (_gate)
        {
            ClearColdPage();
            foreach (var row in rows)
            {
                if (!_acknowledgedStored.Contains(row.Sequence))
                {
                    _coldPage.Add(row, EntryState.Stored);
                }
            }

            // A full page may end before `through`: the next page starts after its last chunk.
            _coldPageAfter = after;
            _coldPageThrough = covered;
        }

        return true;
    }

    private void ClearColdPage()
    {
        _coldPage.Clear();
        _coldPageAfter = -1;
        _coldPageThrough = -1;
    }

    /// <summary>A cold row was acknowledged: never hand it out again, delete it at the next commit.</summary>
    private void AcknowledgeCold(long sequence)
    {
        if (sequence > _coldPageAfter && sequence <= _coldPageThrough)
        {
            var index = _coldPage.IndexOf(sequence);
            if (index >= 0)
            {
                _coldPage[index].State = EntryState.Acknowledged;
            }
        }

        if (_acknowledgedStored.Add(sequence))
        {
            Counters.AcknowledgedN(1);
        }
    }

    /// <summary>Rows up to <paramref name="sequence"/> were expired or trimmed: forget them in memory too.</summary>
    private void ForgetThrough(long sequence)
    {
        for (var i = 0; i < _coldPage.Count && _coldPage[i].Record.Sequence <= sequence; i++)
        {
            _coldPage[i].State = EntryState.Acknowledged;
        }

        while (_hot.Count > 0 && _hot.FirstSequence <= sequence && _hot[0].State is EntryState.Stored or EntryState.Acknowledged)
        {
            _hot.RemoveFirst();
        }
    }
}
