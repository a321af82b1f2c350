using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>
/// The SQLite side of the outbox: schema, open with corruption recovery, batched writes and reads. Records are stored
/// in chunks (the records of one commit, at most <see cref="ChunkCodec.MaxRecords"/>, deflated in one row):
/// `chunks(first, last, created = the oldest record's, count, bytes = payload bytes, data)`.
/// </summary>
internal sealed class OutboxDatabase : IDisposable
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private static readonly string[] FileSuffixes = [string.Empty, "-wal", "-shm", "-journal"];

    private readonly SqliteConnection _connection;
    private readonly FileStream _lock;
    private long _persistedReservation = -1;

    private OutboxDatabase(SqliteConnection connection, FileStream fileLock, bool created)
    {
        _connection = connection;
        _lock = fileLock;
        Created = created;
    }

    /// <summary>Where a corrupt database was moved at open, if it was.</summary>
    public string? QuarantinedTo { get; private init; }

    /// <summary>True when this open created the database (no earlier records, no sequence history).</summary>
    public bool Created { get; }

    /// <summary>
    /// Takes the outbox's lock file (an exclusive advisory lock: <see cref="IOException"/> while another connection of
    /// this or another process holds it).
    /// </summary>
    private static FileStream TakeLock(string databasePath) =>
        new(databasePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);

    /// <summary>Deletes the database, its WAL/SHM/journal files and corrupt copies moved aside, under the lock.</summary>
    public static IReadOnlyList<string> Erase(string databasePath)
    {
        var deleted = new List<string>();
        using (TakeLock(databasePath))
        {
            foreach (var suffix in FileSuffixes)
            {
                if (File.Exists(databasePath + suffix))
                {
                    File.Delete(databasePath + suffix);
                    deleted.Add(databasePath + suffix);
                }
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".";
            foreach (var aside in Directory.GetFiles(directory, Path.GetFileName(databasePath) + ".corrupt-*"))
            {
                File.Delete(aside);
                deleted.Add(aside);
            }

            File.Delete(databasePath + ".lock");
        }

        return deleted;
    }

    /// <summary>Opens (creating if needed) the database; a corrupt file is moved aside and a fresh one started.</summary>
    public static OutboxDatabase Open(OutboxOptions options, TimeProvider time, long? maxPageCount = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var fileLock = TakeLock(options.DatabasePath);
        try
        {
            try
            {
                var connection = OpenChecked(options, maxPageCount, out var created);
                return new OutboxDatabase(connection, fileLock, created);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            {
                var aside = $"{options.DatabasePath}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssZ}";
                SqliteConnection.ClearAllPools();
                foreach (var suffix in FileSuffixes)
                {
                    if (File.Exists(options.DatabasePath + suffix))
                    {
                        File.Move(options.DatabasePath + suffix, aside + suffix, overwrite: true);
                    }
                }

                var connection = OpenChecked(options, maxPageCount, out var created);
                return new OutboxDatabase(connection, fileLock, created) { QuarantinedTo = aside };
            }
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    private static SqliteConnection OpenChecked(OutboxOptions options, long? maxPageCount, out bool created)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Pooling = false,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        try
        {
            connection.Open();
            // Takes effect only when the file is created (before WAL is switched on); an existing file keeps its size.
            Execute(connection, FormattableString.Invariant($"PRAGMA page_size={options.PageSize};"));
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, FormattableString.Invariant($"PRAGMA wal_autocheckpoint={options.WalAutoCheckpointPages};"));
            Execute(connection, options.Synchronous == OutboxSync.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            if (maxPageCount is { } pages)
            {
                Execute(connection, $"PRAGMA max_page_count={pages};");
            }

            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check;";
                var verdict = check.ExecuteScalar() as string;
                if (verdict != "ok")
                {
                    throw new SqliteException($"quick_check: {verdict}", SqliteCorrupt);
                }
            }

            var hadChunks = TableExists(connection, "chunks");
            var hadRecords = TableExists(connection, "records");
            created = !hadChunks && !hadRecords;
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS chunks(first INTEGER PRIMARY KEY, last INTEGER NOT NULL, created INTEGER NOT NULL,
                                                  count INTEGER NOT NULL, bytes INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """);
            if (hadRecords)
            {
                MigrateRecordRows(connection);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        exists.Parameters.AddWithValue("$name", name);
        return (long)exists.ExecuteScalar()! > 0;
    }

    /// <summary>An outbox written by the one-row-per-record version: its rows become chunks, in one transaction.</summary>
    private static void MigrateRecordRows(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var rows = new List<OutboxRecord>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT seq, created, payload FROM records ORDER BY seq;";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new OutboxRecord(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2)));
            }
        }

        using var insert = InsertCommand(connection, transaction);
        for (var start = 0; start < rows.Count; start += ChunkCodec.MaxRecords)
        {
            InsertChunk(insert, rows, start, Math.Min(ChunkCodec.MaxRecords, rows.Count - start));
        }

        using (var drop = connection.CreateCommand())
        {
            drop.Transaction = transaction;
            drop.CommandText = "DROP TABLE records;";
            drop.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Totals of what is stored: count, payload bytes, highest sequence, the persisted sequence reservation.</summary>
    public (long Count, long Bytes, long MaxSequence, long Reserved) ReadTotals()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(SUM(count), 0), COALESCE(SUM(bytes), 0), COALESCE(MAX(last), 0),
                   COALESCE((SELECT value FROM meta WHERE key = 'seq_reserved'), 0) FROM chunks;
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>
    /// One transaction: delete acknowledged records, insert new ones, expire old ones, trim to the bounds, persist the
    /// reservation. Every step is O(rows it touches) (no table scans), and reports the payload bytes it removed.
    /// </summary>
    public CommitOutcome Commit(IReadOnlyList<OutboxRecord> inserts, IReadOnlyCollection<long> deletes, long reservation, CommitBounds bounds)
    {
        using var transaction = _connection.BeginTransaction();
        var outcome = new CommitOutcome();
        if (deletes.Count > 0)
        {
            RemoveAcknowledged(transaction, deletes, outcome);
        }

        if (inserts.Count > 0)
        {
            using var insert = InsertCommand(_connection, transaction);
            for (var start = 0; start < inserts.Count; start += ChunkCodec.MaxRecords)
            {
                var count = Math.Min(ChunkCodec.MaxRecords, inserts.Count - start);
                if (InsertChunk(insert, inserts, start, count))
                {
                    outcome.Inserted += count;
                    for (var i = start; i < start + count; i++)
                    {
                        outcome.InsertedBytes += inserts[i].Payload.Length;
                    }
                }
            }
        }

        // Records are appended in time order, so the expired ones are the oldest: walk from the lowest sequence and stop
        // at the first one still inside the retention (a clock that went backwards only delays expiry).
        var cutoff = bounds.ExpireBefore.ToUnixTimeMilliseconds();
        var (expired, expiredBytes, lastExpired) = DeleteOldestWhile(transaction, (_, created, _, _) => created < cutoff);
        outcome.Expired = expired;
        outcome.LastRemovedSequence = lastExpired;
        outcome.RemovedBytes += expiredBytes;

        if (bounds.TrimOldest)
        {
            var count = bounds.StoredCount + outcome.Inserted - outcome.Deleted - expired;
            var bytes = bounds.StoredBytes + outcome.InsertedBytes - outcome.RemovedBytes;
            if (count > bounds.MaxRecords || bytes > bounds.MaxBytes)
            {
                var (trimmed, trimmedBytes, lastTrimmed) = DeleteOldestWhile(transaction, (n, _, _, length) =>
                {
                    var over = count - n > bounds.MaxRecords || bytes > bounds.MaxBytes;
                    bytes -= over ? length : 0;
                    return over;
                });
                outcome.Trimmed = trimmed;
                outcome.LastRemovedSequence = Math.Max(outcome.LastRemovedSequence, lastTrimmed);
                outcome.RemovedBytes += trimmedBytes;
            }
        }

        if (reservation > _persistedReservation)
        {
            using var reserve = _connection.CreateCommand();
            reserve.Transaction = transaction;
            reserve.CommandText = "INSERT INTO meta(key, value) VALUES ('seq_reserved', $v) ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value);";
            reserve.Parameters.AddWithValue("$v", reservation);
            reserve.ExecuteNonQuery();
        }

        transaction.Commit();
        _persistedReservation = Math.Max(_persistedReservation, reservation);
        return outcome;
    }

    /// <summary>
    /// Deletes the oldest chunks while the predicate (records walked so far, oldest creation time in the chunk, its record
    /// count, its payload bytes) holds; returns the records and bytes removed and the highest sequence removed.
    /// </summary>
    private (long Count, long Bytes, long Last) DeleteOldestWhile(SqliteTransaction transaction, Func<long, long, long, long, bool> keepGoing)
    {
        long lastFirst = -1, last = 0, count = 0, bytes = 0;
        using (var oldest = _connection.CreateCommand())
        {
            oldest.Transaction = transaction;
            oldest.CommandText = "SELECT first, last, created, count, bytes FROM chunks ORDER BY first;";
            using var reader = oldest.ExecuteReader();
            while (reader.Read() && keepGoing(count, reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)))
            {
                lastFirst = reader.GetInt64(0);
                last = reader.GetInt64(1);
                count += reader.GetInt64(3);
                bytes += reader.GetInt64(4);
            }
        }

        if (lastFirst >= 0)
        {
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM chunks WHERE first <= $first;";
            delete.Parameters.AddWithValue("$first", lastFirst);
            delete.ExecuteNonQuery();
        }

        return (count, bytes, last);
    }

    /// <summary>
    /// Removes acknowledged records: a chunk whose records are all acknowledged is deleted; one with some left is
    /// written again without the acknowledged ones (only while a backlog drains: acknowledgements come in order).
    /// </summary>
    private void RemoveAcknowledged(SqliteTransaction transaction, IReadOnlyCollection<long> acknowledged, CommitOutcome outcome)
    {
        var sorted = acknowledged.ToArray();
        Array.Sort(sorted);
        using var find = _connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = "SELECT first, last, count, bytes FROM chunks WHERE first <= $seq ORDER BY first DESC LIMIT 1;";
        var seq = find.Parameters.Add("$seq", SqliteType.Integer);
        using var read = _connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT data FROM chunks WHERE first = $first;";
        var readFirst = read.Parameters.Add("$first", SqliteType.Integer);
        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM chunks WHERE first = $first;";
        var first = delete.Parameters.Add("$first", SqliteType.Integer);
        using var insert = InsertCommand(_connection, transaction);
        for (var i = 0; i < sorted.Length;)
        {
            seq.Value = sorted[i];
            long chunkFirst, chunkLast, chunkCount, chunkBytes;
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read() || reader.GetInt64(1) < sorted[i])
                {
                    i++;
                    continue;
                }

                (chunkFirst, chunkLast, chunkCount, chunkBytes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }

            var end = i;
            while (end < sorted.Length && sorted[end] <= chunkLast)
            {
                end++;
            }

            var gone = sorted.AsSpan(i, end - i);
            i = end;
            first.Value = chunkFirst;
            if (chunkLast - chunkFirst + 1 == chunkCount && gone.Length == chunkCount)
            {
                // A chunk without gaps and every one of its numbers acknowledged: delete it without reading it.
                delete.ExecuteNonQuery();
                outcome.Deleted += chunkCount;
                outcome.RemovedBytes += chunkBytes;
                continue;
            }

            readFirst.Value = chunkFirst;
            if (read.ExecuteScalar() is not byte[] data || !TryDecode(chunkFirst, data, out var records))
            {
                continue;
            }

            var remaining = new List<OutboxRecord>(records.Count);
            foreach (var record in records)
            {
                if (gone.BinarySearch(record.Sequence) >= 0)
                {
                    outcome.Deleted++;
                    outcome.RemovedBytes += record.Payload.Length;
                }
                else
                {
                    remaining.Add(record);
                }
            }

            if (remaining.Count == records.Count)
            {
                continue;
            }

            delete.ExecuteNonQuery();
            if (remaining.Count > 0)
            {
                InsertChunk(insert, remaining, 0, remaining.Count);
            }
        }
    }

    private static bool TryDecode(long first, byte[] data, out List<OutboxRecord> records)
    {
        try
        {
            records = ChunkCodec.Decode(first, data);
            return true;
        }
        catch (InvalidDataException)
        {
            // A damaged chunk (the B-tree was sound at open): left for retention to expire; never handed out.
            records = [];
            return false;
        }
    }

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR IGNORE INTO chunks(first, last, created, count, bytes, data) VALUES ($first, $last, $created, $count, $bytes, $data);";
        insert.Parameters.Add("$first", SqliteType.Integer);
        insert.Parameters.Add("$last", SqliteType.Integer);
        insert.Parameters.Add("$created", SqliteType.Integer);
        insert.Parameters.Add("$count", SqliteType.Integer);
        insert.Parameters.Add("$bytes", SqliteType.Integer);
        insert.Parameters.Add("$data", SqliteType.Blob);
        return insert;
    }

    /// <summary>Writes records [start, start+count) as one chunk; false when that chunk was already stored.</summary>
    private static bool InsertChunk(SqliteCommand insert, IReadOnlyList<OutboxRecord> records, int start, int count)
    {
        long bytes = 0;
        var created = long.MaxValue;
        for (var i = start; i < start + count; i++)
        {
            bytes += records[i].Payload.Length;
            created = Math.Min(created, records[i].Created.ToUnixTimeMilliseconds());
        }

        insert.Parameters[0].Value = records[start].Sequence;
        insert.Parameters[1].Value = records[start + count - 1].Sequence;
        insert.Parameters[2].Value = created;
        insert.Parameters[3].Value = count;
        insert.Parameters[4].Value = bytes;
        insert.Parameters[5].Value = ChunkCodec.Encode(records, start, count);
        return insert.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Stored records with a sequence in (<paramref name="after"/>, <paramref name="through"/>], in order, from at most
    /// <paramref name="maxChunks"/> chunks; <paramref name="coveredThrough"/> is where the next read must start (every
    /// record up to it that is stored is returned).
    /// </summary>
    public List<OutboxRecord> ReadRange(long after, long through, int maxChunks, out long coveredThrough)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT first, last, data FROM chunks
            WHERE first >= COALESCE((SELECT MAX(first) FROM chunks WHERE first <= $after), 0) AND first <= $through
            ORDER BY first LIMIT $max;
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$through", through);
        command.Parameters.AddWithValue("$max", maxChunks);
        using var reader = command.ExecuteReader();
        var records = new List<OutboxRecord>();
        var chunks = 0;
        var lastOfLast = through;
        while (reader.Read())
        {
            chunks++;
            lastOfLast = reader.GetInt64(1);
            if (TryDecode(reader.GetInt64(0), (byte[])reader.GetValue(2), out var decoded))
            {
                foreach (var record in decoded)
                {
                    if (record.Sequence > after && record.Sequence <= through)
                    {
                        records.Add(record);
                    }
                }
            }
        }

        coveredThrough = chunks >= maxChunks ? Math.Min(lastOfLast, through) : through;
        return records;
    }

    /// <summary>Deletes every record and the reservation's history stays (sequence numbers never go back).</summary>
    public void DeleteAll() => Execute(_connection, "DELETE FROM chunks;");

    public void Dispose()
    {
        _connection.Dispose();
        _lock.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>What one commit changed.</summary>
internal sealed class CommitOutcome
{
    public long Inserted { get; set; }

    public long Deleted { get; set; }

    public long Expired { get; set; }

    public long Trimmed { get; set; }

    public long InsertedBytes { get; set; }

    public long RemovedBytes { get; set; }

    public long LastRemovedSequence { get; set; }
}

/// <summary>The bounds a commit enforces.</summary>
internal readonly record struct CommitBounds(DateTimeOffset ExpireBefore, bool TrimOldest, long MaxRecords, long MaxBytes, long StoredCount, long StoredBytes);
