using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>The SQLite side of the outbox: schema, open with corruption recovery, batched writes and reads.</summary>
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

            using (var exists = connection.CreateCommand())
            {
                exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'records';";
                created = (long)exists.ExecuteScalar()! == 0;
            }

            Execute(connection, """
                CREATE TABLE IF NOT EXISTS records(seq INTEGER PRIMARY KEY, created INTEGER NOT NULL, payload BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Totals of what is stored: count, payload bytes, highest sequence, the persisted sequence reservation.</summary>
    public (long Count, long Bytes, long MaxSequence, long Reserved) ReadTotals()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), COALESCE(SUM(LENGTH(payload)), 0), COALESCE(MAX(seq), 0),
                   COALESCE((SELECT value FROM meta WHERE key = 'seq_reserved'), 0) FROM records;
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
            // Acknowledgements arrive mostly in order: delete each contiguous run of sequence numbers in one statement.
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM records WHERE seq BETWEEN $from AND $to RETURNING length(payload);";
            var from = delete.Parameters.Add("$from", SqliteType.Integer);
            var to = delete.Parameters.Add("$to", SqliteType.Integer);
            var sorted = deletes.ToArray();
            Array.Sort(sorted);
            for (var start = 0; start < sorted.Length;)
            {
                var end = start;
                while (end + 1 < sorted.Length && sorted[end + 1] == sorted[end] + 1)
                {
                    end++;
                }

                from.Value = sorted[start];
                to.Value = sorted[end];
                using (var reader = delete.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        outcome.Deleted++;
                        outcome.RemovedBytes += reader.GetInt64(0);
                    }
                }

                start = end + 1;
            }
        }

        if (inserts.Count > 0)
        {
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO records(seq, created, payload) VALUES ($seq, $created, $payload);";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var created = insert.Parameters.Add("$created", SqliteType.Integer);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            foreach (var record in inserts)
            {
                seq.Value = record.Sequence;
                created.Value = record.Created.ToUnixTimeMilliseconds();
                payload.Value = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(record.Payload, out var whole)
                    && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : record.Payload.ToArray();
                if (insert.ExecuteNonQuery() == 1)
                {
                    outcome.Inserted++;
                    outcome.InsertedBytes += record.Payload.Length;
                }
            }
        }

        // Records are appended in time order, so the expired ones are the oldest: walk from the lowest sequence and stop
        // at the first one still inside the retention (a clock that went backwards only delays expiry).
        var cutoff = bounds.ExpireBefore.ToUnixTimeMilliseconds();
        var (expired, expiredBytes, lastExpired) = DeleteOldestWhile(transaction, (_, created, _) => created < cutoff);
        outcome.Expired = expired;
        outcome.LastRemovedSequence = lastExpired;
        outcome.RemovedBytes += expiredBytes;

        if (bounds.TrimOldest)
        {
            var count = bounds.StoredCount + outcome.Inserted - outcome.Deleted - expired;
            var bytes = bounds.StoredBytes + outcome.InsertedBytes - outcome.RemovedBytes;
            if (count > bounds.MaxRecords || bytes > bounds.MaxBytes)
            {
                var (trimmed, trimmedBytes, lastTrimmed) = DeleteOldestWhile(transaction, (n, _, length) =>
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

    /// <summary>Deletes the oldest records while the predicate (index in the walk, created, payload length) holds.</summary>
    private (long Count, long Bytes, long Last) DeleteOldestWhile(SqliteTransaction transaction, Func<long, long, long, bool> keepGoing)
    {
        long last = -1, count = 0, bytes = 0;
        using (var oldest = _connection.CreateCommand())
        {
            oldest.Transaction = transaction;
            oldest.CommandText = "SELECT seq, created, length(payload) FROM records ORDER BY seq;";
            using var reader = oldest.ExecuteReader();
            while (reader.Read() && keepGoing(count, reader.GetInt64(1), reader.GetInt64(2)))
            {
                last = reader.GetInt64(0);
                count++;
                bytes += reader.GetInt64(2);
            }
        }

        if (count > 0)
        {
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM records WHERE seq <= $seq;";
            delete.Parameters.AddWithValue("$seq", last);
            delete.ExecuteNonQuery();
        }

        return (count, bytes, Math.Max(last, 0));
    }

    /// <summary>Up to <paramref name="max"/> stored records with a sequence in (<paramref name="after"/>, <paramref name="through"/>], in order.</summary>
    public List<OutboxRecord> ReadRange(long after, long through, int max)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT seq, created, payload FROM records WHERE seq > $after AND seq <= $through ORDER BY seq LIMIT $max;";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$through", through);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var records = new List<OutboxRecord>();
        while (reader.Read())
        {
            records.Add(new OutboxRecord(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2)));
        }

        return records;
    }

    /// <summary>Deletes every record and the reservation's history stays (sequence numbers never go back).</summary>
    public void DeleteAll() => Execute(_connection, "DELETE FROM records;");

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
