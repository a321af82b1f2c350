using System.Text;
using GeoFence.Forwarding.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>Records stored several to a deflated row: exact round trip, damaged data refused, old one-row-per-record files read.</summary>
public sealed class OutboxChunkTests : IDisposable
{
    private readonly OutboxFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_chunk_gives_back_exactly_the_records_it_was_made_of()
    {
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var records = new List<OutboxRecord>
        {
            new(1_764_000_000_000, start, Encoding.UTF8.GetBytes("""{"seq":1,"lat":31.1234567}""")),
            new(1_764_000_000_001, start.AddMilliseconds(50), Array.Empty<byte>()),
            new(1_764_000_000_007, start.AddMilliseconds(-3), new byte[] { 0, 255, 128, 7 }),
            new(1_764_000_000_300, start.AddDays(6.9), Encoding.UTF8.GetBytes(new string('x', 5000))),
        };

        var decoded = ChunkCodec.Decode(records[0].Sequence, ChunkCodec.Encode(records, 0, records.Count));

        Assert.Equal(records.Select(r => (r.Sequence, r.Created, Convert.ToHexString(r.Payload.Span))),
            decoded.Select(r => (r.Sequence, r.Created, Convert.ToHexString(r.Payload.Span))));
    }

    [Fact]
    public void Records_of_one_hour_compress_several_times()
    {
        var records = Enumerable.Range(0, 20).Select(i => new OutboxRecord(100 + i, _time.GetUtcNow().AddMilliseconds(50 * i), Encoding.UTF8.GetBytes(
            $$"""{"schema":"geofence.compliant-fix/1","seq":{{100 + i}},"level":"precise","datum":"WGS84","time":"2026-11-29T01:02:{{3.4 + (i * 0.05):00.000}}Z","mode":3,"lat":{{31.1234567 + (i * 0.0000041):F7}},"lon":{{121.1234567 + (i * 0.0000013):F7}},"altHAE":12.{{i % 10}},"speed":1.{{i}},"track":{{90 + i}}.4}"""))).ToList();

        var chunk = ChunkCodec.Encode(records, 0, records.Count);

        Assert.True(chunk.Length * 3 < records.Sum(r => r.Payload.Length), $"{chunk.Length} B for {records.Sum(r => r.Payload.Length)} B");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not deflate")]
    [InlineData("length beyond the data")]
    [InlineData("unterminated number")]
    public void Damaged_chunk_data_is_refused_not_misread(string damage)
    {
        var payload = new byte[1000];
        new Random(3).NextBytes(payload);
        var valid = ChunkCodec.Encode([new OutboxRecord(1, _time.GetUtcNow(), payload)], 0, 1);
        var data = damage switch
        {
            "truncated" => valid[..(valid.Length / 2)],
            "not deflate" => [0x01, 0x02, 0x03, 0x04, 0x05],
            "length beyond the data" => Deflate([0x05, 0x00, 0xff, 0x01, 0x41]),
            _ => Deflate([0x05, 0x80, 0x80, 0x80]),
        };

        Assert.ThrowsAny<InvalidDataException>(() => ChunkCodec.Decode(1, data));
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(raw);
        }

        return output.ToArray();
    }

    [Fact]
    public void An_outbox_written_one_row_per_record_is_read_after_the_upgrade()
    {
        using (var old = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE records(seq INTEGER PRIMARY KEY, created INTEGER NOT NULL, payload BLOB NOT NULL);
                CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                INSERT INTO meta VALUES ('seq_reserved', 5000);
                """;
            create.ExecuteNonQuery();
            for (var seq = 1; seq <= 150; seq++)
            {
                using var insert = old.CreateCommand();
                insert.CommandText = "INSERT INTO records VALUES ($s, $c, $p);";
                insert.Parameters.AddWithValue("$s", seq);
                insert.Parameters.AddWithValue("$c", _time.GetUtcNow().ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$p", Encoding.UTF8.GetBytes($"{{\"seq\":{seq}}}"));
                insert.ExecuteNonQuery();
            }
        }

        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);

        Assert.Equal(OutboxHealth.Ok, outbox.Health);
        Assert.Equal(5000, outbox.FirstSequence);
        Assert.Equal(150, outbox.Depth);
        var records = outbox.ReadAfter(0, 1000);
        Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal("{\"seq\":150}", Encoding.UTF8.GetString(records[^1].Payload.Span));
    }

    [Fact]
    public void A_partly_acknowledged_chunk_keeps_only_its_unacknowledged_records_across_a_restart()
    {
        long first;
        using (var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance))
        {
            first = outbox.FirstSequence;
            for (var i = 0; i < 20; i++)
            {
                outbox.TryAppend(OutboxFixture.Record(first + i, _time.GetUtcNow()));
            }

            Assert.True(outbox.CommitNow());
            foreach (var i in new[] { 0, 1, 2, 7, 19 })
            {
                outbox.Acknowledge(first + i);
            }

            Assert.True(outbox.CommitNow());
            Assert.Equal(15, outbox.Depth);
        }

        using var reopened = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        Assert.Equal(Enumerable.Range(0, 20).Except([0, 1, 2, 7, 19]).Select(i => first + i), reopened.ReadAfter(0, 100).Select(r => r.Sequence));
        Assert.Equal(15, reopened.Depth);
    }
}
