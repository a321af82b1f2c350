using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>Disk full and read-only storage on a real tmpfs: keep running, keep serving from memory, report, recover.</summary>
public sealed class OutboxStorageFaultTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Disk_full_holds_records_in_memory_reports_and_commits_them_once_space_returns()
    {
        using var disk = new SmallTmpfs(512);
        var options = new OutboxOptions { DatabasePath = Path.Combine(disk.Path, "outbox.db") };
        using var outbox = DurableOutbox.Open(options, _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        var filler = disk.Fill();

        var payload = new byte[2048];
        for (var i = 0; i < 50; i++)
        {
            Assert.True(outbox.TryAppend(new OutboxRecord(first + i, _time.GetUtcNow(), payload)));
        }

        Assert.False(outbox.CommitNow());
        Assert.Equal(OutboxHealth.StorageFault, outbox.Health);
        Assert.Contains("disk full", outbox.HealthDetail, StringComparison.Ordinal);
        Assert.Equal(50, outbox.ReadAfter(0, 100).Count);

        File.Delete(filler);
        Assert.True(outbox.CommitNow());
        Assert.Equal(OutboxHealth.Ok, outbox.Health);
        Assert.Equal(50, outbox.Counters.Committed);

        outbox.Dispose();
        using var reopened = DurableOutbox.Open(options, _time, NullLogger.Instance);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => first + i), reopened.ReadAfter(0, 100).Select(r => r.Sequence));
    }

    [Fact]
    public void Read_only_storage_at_start_runs_from_memory_and_commits_once_writable()
    {
        using var disk = new SmallTmpfs(1024);
        var options = new OutboxOptions { DatabasePath = Path.Combine(disk.Path, "outbox.db") };
        disk.ReadOnly(true);

        using (var memoryOnly = DurableOutbox.Open(options, _time, NullLogger.Instance))
        {
            Assert.Equal(OutboxHealth.StorageFault, memoryOnly.Health);
            Assert.True(memoryOnly.TryAppend(OutboxFixture.Record(memoryOnly.FirstSequence, _time.GetUtcNow())));
            Assert.Single(memoryOnly.ReadAfter(0, 10));
            Assert.False(memoryOnly.CommitNow());

            disk.ReadOnly(false);
            Assert.True(memoryOnly.CommitNow());
            Assert.Equal(OutboxHealth.Ok, memoryOnly.Health);
            Assert.Equal(1, memoryOnly.Counters.Committed);
        }

        // A later remount read-only is refused by the kernel while the database is open for writing ("mount point is
        // busy"); a failing disk that the kernel forces read-only looks to SQLite like the disk-full case above.
        using var outbox = DurableOutbox.Open(options, _time, NullLogger.Instance);
        Assert.Single(outbox.ReadAfter(0, 10));
        Assert.Equal(OutboxHealth.Ok, outbox.Health);
    }
}
