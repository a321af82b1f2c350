using System.Text;
using BenchmarkDotNet.Attributes;
using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Benchmarks.Forwarding;

/// <summary>
/// The commit cost: one group commit of N records (one deflated chunk, plus the sequence reservation) into a WAL
/// database, FULL (fsync per commit, the default) vs NORMAL. N = 20 is one second at 20 Hz (the broker-down default
/// interval); N = 4 is 200 ms (the broker-up interval, when nothing was acknowledged first).
/// </summary>
[MemoryDiagnoser]
public class OutboxCommitBenchmarks
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        """{"schema":"geofence.compliant-fix/1","seq":123456,"level":"precise","datum":"WGS84","time":"2026-11-29T01:02:03.400Z","mode":3,"lat":31.1234567,"lon":121.1234567,"altHAE":12.3,"altMSL":15.1,"eph":1.2,"speed":3.21,"track":123.4}""");

    private string _directory = string.Empty;
    private DurableOutbox _outbox = null!;
    private long _sequence = 1;

    /// <summary>Records per commit.</summary>
    [Params(4, 20)]
    public int Records { get; set; }

    /// <summary>SQLite synchronous level.</summary>
    [Params(OutboxSync.Full, OutboxSync.Normal)]
    public OutboxSync Synchronous { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "geofence-bench-commit", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _outbox = DurableOutbox.Open(
            new OutboxOptions { DatabasePath = Path.Combine(_directory, "outbox.db"), Synchronous = Synchronous, MaxMemoryRecords = 1_000 },
            TimeProvider.System,
            NullLogger.Instance);
        _sequence = _outbox.FirstSequence;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _outbox.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "append N records + one group commit")]
    public bool Commit()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Records; i++)
        {
            _outbox.TryAppend(new OutboxRecord(_sequence++, now, Payload));
        }

        return _outbox.CommitNow();
    }
}
