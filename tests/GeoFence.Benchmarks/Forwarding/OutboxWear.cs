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
        var payloads = Track();
        var payloadBytes = payloads.Sum(p => (long)p.Length);
        output.WriteLine($"one hour at 20 Hz: {Records} records, {payloadBytes} B of payload ({payloadBytes / Records} B each), a moving fix (seq, time, position, speed, track change every record)");
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
                    outbox.TryAppend(new OutboxRecord(first + i, DateTimeOffset.UtcNow, payloads[i]));
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
        new(false, 20, o => o with { Synchronous = OutboxSync.Normal }),
        new(false, 40, o => o),
    ];

    private static IEnumerable<WearRun> Sweep()
    {
        foreach (var perCommit in new[] { 4, 20 })
        {
            foreach (var page in new[] { 1024, 2048, 4096 })
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

    /// <summary>One hour of a surveyor walking at 20 Hz, as the sanitiser's compliant-fix JSON (precise level).</summary>
    private static byte[][] Track()
    {
        var random = new Random(20261129);
        var time = new DateTime(2026, 11, 29, 1, 0, 0, DateTimeKind.Utc);
        double lat = 31.1234567, lon = 121.1234567, alt = 12.3, track = 90;
        var payloads = new byte[Records][];
        for (var i = 0; i < Records; i++)
        {
            track = (track + (random.NextDouble() * 6) - 3 + 360) % 360;
            var speed = 1.2 + (random.NextDouble() * 0.4);
            lat += speed * 0.05 * Math.Cos(track * Math.PI / 180) / 111_320;
            lon += speed * 0.05 * Math.Sin(track * Math.PI / 180) / 95_000;
            alt += (random.NextDouble() - 0.5) * 0.05;
            payloads[i] = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"schema":"geofence.compliant-fix/1","seq":{{1_764_000_000_000L + i}},"level":"precise","datum":"WGS84","time":"{{time.AddMilliseconds(50 * i):yyyy-MM-ddTHH:mm:ss.fff}}Z","mode":3,"lat":{{lat:F7}},"lon":{{lon:F7}},"altHAE":{{alt:F1}},"altMSL":{{alt + 2.8:F1}},"eph":{{0.8 + (random.NextDouble() * 0.8):F1}},"speed":{{speed:F2}},"track":{{track:F1}}}"""));
        }

        return payloads;
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
