using System.Globalization;
using System.Text;
using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Benchmarks.Forwarding;

/// <summary>
/// Storage wear of the outbox: one simulated hour at 20 Hz (72 000 records), WAL, one commit every N records (50 ms of
/// records each), synchronous FULL or NORMAL, page size, WAL checkpoint size; broker up (each record acknowledged before
/// its commit is due, as a broker on a working link does within milliseconds) or down (every record committed). Bytes
/// the process sent to the block layer come from /proc/self/io write_bytes.
/// Run: `dotnet run -c Release --project tests/GeoFence.Benchmarks -- wear [sweep]`.
/// </summary>
internal static class OutboxWear
{
    private const int Records = 72_000;

    public static void Run(TextWriter output, bool sweep)
    {
        var payload = Encoding.UTF8.GetBytes(
            """{"schema":"geofence.compliant-fix/1","seq":123456,"level":"precise","datum":"WGS84","time":"2026-11-29T01:02:03.400Z","mode":3,"lat":31.1234567,"lon":121.1234567,"altHAE":12.3,"altMSL":15.1,"eph":1.2,"speed":3.21,"track":123.4}""");
        var payloadBytes = (long)payload.Length * Records;
        output.WriteLine($"one hour at 20 Hz: {Records} records x {payload.Length} B = {payloadBytes} B of payload");
        foreach (var run in sweep ? Sweep() : Defaults())
        {
            var directory = Path.Combine("/var/tmp", "geofence-wear", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var options = run.Change(new OutboxOptions { DatabasePath = Path.Combine(directory, "outbox.db") });
            var before = WriteBytes();
            using (var outbox = DurableOutbox.Open(options, TimeProvider.System, NullLogger.Instance))
            {
                var first = outbox.FirstSequence;
                for (var i = 0; i < Records; i++)
                {
                    outbox.TryAppend(new OutboxRecord(first + i, DateTimeOffset.UtcNow, payload));
                    if (run.BrokerUp)
                    {
                        outbox.Acknowledge(first + i);
                    }

                    if (i % run.RecordsPerCommit == run.RecordsPerCommit - 1)
                    {
                        outbox.CommitNow();
                    }
                }
            }

            var written = WriteBytes() - before;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"broker {(run.BrokerUp ? "up  " : "down")}, commit every {run.RecordsPerCommit * 50} ms ({run.RecordsPerCommit} records), synchronous={options.Synchronous}, page {options.PageSize} B, checkpoint {options.WalAutoCheckpointPages} pages: {written} B written, write amplification {(double)written / payloadBytes:0.000}"));
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<WearRun> Defaults() =>
    [
        new(true, 4, o => o),
        new(false, 20, o => o),
        new(false, 4, o => o),
    ];

    private static IEnumerable<WearRun> Sweep()
    {
        foreach (var perCommit in new[] { 4, 20 })
        {
            foreach (var page in new[] { 1024, 4096 })
            {
                foreach (var checkpoint in new[] { 1000, 4000 })
                {
                    foreach (var sync in new[] { OutboxSync.Full, OutboxSync.Normal })
                    {
                        yield return new(false, perCommit, o => o with { PageSize = page, WalAutoCheckpointPages = checkpoint, Synchronous = sync });
                    }
                }
            }
        }
    }

    private static long WriteBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/io has no write_bytes");
    }

    private sealed record WearRun(bool BrokerUp, int RecordsPerCommit, Func<OutboxOptions, OutboxOptions> Change);
}
