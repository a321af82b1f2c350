using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>The SQLite side of the outbox: schema, open with corruption recovery, batched writes and reads.</summary>
internal sealed class OutboxDatabase : IDisposable
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly SqliteConnection _connection;
    private long _persistedReservation = -1;

    private OutboxDatabase(SqliteConnection connection) => _connection = connection;

    /// <summary>Where a corrupt database was moved at open, if it was.</summary>
    public string? QuarantinedTo { get; private init; }

    /// <summary>Opens (creating if needed) the database; a corrupt file is moved aside and a fresh one started.</summary>
    public static OutboxDatabase Open(OutboxOptions options, TimeProvider time, long? maxPageCount = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            return new OutboxDatabase(OpenChecked(options, maxPageCount));
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            var aside = $"{options.DatabasePath}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssZ}";
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                if (File.Exists(options.DatabasePath + suffix))
                {
                    File.Move(options.DatabasePath + suffix, aside + suffix, overwrite: true);
                }
            }

            return new OutboxDatabase(OpenChecked(options, maxPageCount)) { QuarantinedTo = aside };
        }
    }

    private static SqliteConnection OpenChecked(OutboxOptions options, long? maxPageCount)
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
            // Small pages: a commit of a few records writes one ~1 KiB WAL frame instead of a 4 KiB one (SD-card wear).
            // Takes effect only when the file is created (before WAL is switched on); an existing file keeps its size.
            Execute(connection, "PRAGMA page_size=1024;");
            Execute(connection, "PRAGMA journal_mode=WAL;");
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
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM records WHERE seq = $seq RETURNING length(payload);";
            var seq = delete.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var s in deletes)
            {
                seq.Value = s;
                if (delete.ExecuteScalar() is long length)
                {
                    outcome.Deleted++;
                    outcome.RemovedBytes += length;
                }
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
                payload.Value = record.Payload.ToArray();
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
        var (expired, expiredBytes) = DeleteOldestWhile(transaction, (_, created, _) => created < cutoff);
        outcome.Expired = expired;
        outcome.RemovedBytes += expiredBytes;

        if (bounds.TrimOldest)
        {
            var count = bounds.StoredCount + outcome.Inserted - outcome.Deleted - expired;
            var bytes = bounds.StoredBytes + outcome.InsertedBytes - outcome.RemovedBytes;
            if (count > bounds.MaxRecords || bytes > bounds.MaxBytes)
            {
                var (trimmed, trimmedBytes) = DeleteOldestWhile(transaction, (n, _, length) =>
                {
                    var over = count - n > bounds.MaxRecords || bytes > bounds.MaxBytes;
                    bytes -= over ? length : 0;
                    return over;
                });
                outcome.Trimmed = trimmed;
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
    private (long Count, long Bytes) DeleteOldestWhile(SqliteTransaction transaction, Func<long, long, long, bool> keepGoing)
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

        return (count, bytes);
    }

    /// <summary>Up to <paramref name="max"/> stored records with a sequence above <paramref name="after"/>, in order.</summary>
    public List<OutboxRecord> ReadAfter(long after, int max)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT seq, created, payload FROM records WHERE seq > $after ORDER BY seq LIMIT $max;";
        command.Parameters.AddWithValue("$after", after);
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

    public void Dispose() => _connection.Dispose();

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
}

/// <summary>The bounds a commit enforces.</summary>
internal readonly record struct CommitBounds(DateTimeOffset ExpireBefore, bool TrimOldest, long MaxRecords, long MaxBytes, long StoredCount, long StoredBytes);
