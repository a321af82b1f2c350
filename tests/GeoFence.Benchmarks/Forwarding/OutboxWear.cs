using System.Globalization;
using System.Text;
using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Benchmarks.Forwarding;

/// <summary>
/// Storage wear of the outbox: one simulated hour at 20 Hz (72 000 records), WAL, commits every 200 ms (4 records) or
/// 1 s (20 records), synchronous FULL or NORMAL, broker up (each record acknowledged before its commit is due, as a broker on
/// a working link does within milliseconds) and broker down (every record committed). Bytes the process sent to the
/// block layer come from /proc/self/io write_bytes. Run: `dotnet run -c Release --project tests/GeoFence.Benchmarks -- wear`.
/// </summary>
internal static class OutboxWear
{
    private const int Records = 72_000;

    public static void Run(TextWriter output)
    {
        var payload = Encoding.UTF8.GetBytes(
            """{"schema":"geofence.compliant-fix/1","seq":123456,"level":"precise","datum":"WGS84","time":"2026-11-29T01:02:03.400Z","mode":3,"lat":31.1234567,"lon":121.1234567,"altHAE":12.3,"altMSL":15.1,"eph":1.2,"speed":3.21,"track":123.4}""");
        var payloadBytes = (long)payload.Length * Records;
        output.WriteLine($"one hour at 20 Hz: {Records} records x {payload.Length} B = {payloadBytes} B of payload");
        foreach (var (brokerUp, recordsPerCommit, sync) in new[]
                 {
                     (true, 4, OutboxSync.Full), (false, 4, OutboxSync.Full), (false, 20, OutboxSync.Full),
                     (false, 40, OutboxSync.Full), (false, 4, OutboxSync.Normal), (false, 20, OutboxSync.Normal), (true, 40, OutboxSync.Full),
                 })
        {
            var directory = Path.Combine("/var/tmp", "geofence-wear", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var before = WriteBytes();
            using (var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = Path.Combine(directory, "outbox.db"), Synchronous = sync }, TimeProvider.System, NullLogger.Instance))
            {
                var first = outbox.FirstSequence;
                for (var i = 0; i < Records; i++)
                {
                    outbox.TryAppend(new OutboxRecord(first + i, DateTimeOffset.UtcNow, payload));
                    if (brokerUp)
                    {
                        outbox.Acknowledge(first + i);
                    }

                    if (i % recordsPerCommit == recordsPerCommit - 1)
                    {
                        outbox.CommitNow();
                    }
                }
            }

            var written = WriteBytes() - before;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"broker {(brokerUp ? "up  " : "down")}, commit every {recordsPerCommit * 50} ms ({recordsPerCommit} records), synchronous={sync}: {written} B written to storage, write amplification {(double)written / payloadBytes:0.000}"));
            Directory.Delete(directory, recursive: true);
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
}
