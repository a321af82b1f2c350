using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>
/// The SQLite side of the outbox: schema, open with corruption recovery, batched writes and reads. Records are stored
/// in chunks (the records of one commit, at most <see cref="ChunkCodec.MaxRecords"/>, deflated in one row):
/// `chunks(first, last, created = the oldest record's, count, bytes = payload bytes, data)`.
/// </summary>
internal sealed partial class OutboxDatabase : IDisposable
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
