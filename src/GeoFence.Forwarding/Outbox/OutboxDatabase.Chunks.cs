using Microsoft.Data.Sqlite;

namespace GeoFence.Forwarding.Outbox;

/// <summary>Chunk rows: writing, reading, removing acknowledged records, converting the one-row-per-record layout.</summary>
internal sealed partial class OutboxDatabase
{
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
}
