using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>Erasing the outbox for the `wipe` command: only while closed, every file, numbering continues from the clock.</summary>
public sealed class OutboxEraseTests : IDisposable
{
    private readonly OutboxFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Erase_is_refused_while_the_outbox_is_open_and_the_records_stay()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        outbox.TryAppend(OutboxFixture.Record(outbox.FirstSequence, _time.GetUtcNow()));
        Assert.True(outbox.CommitNow());

        Assert.Throws<IOException>(() => DurableOutbox.Erase(_fixture.Options()));

        Assert.True(File.Exists(_fixture.DatabasePath));
        Assert.Single(outbox.ReadAfter(0, 10));
    }

    [Fact]
    public void Erase_deletes_the_database_its_wal_and_shm_and_corrupt_copies_and_numbering_never_goes_back()
    {
        File.WriteAllBytes(_fixture.DatabasePath, [.. Enumerable.Repeat((byte)0x5a, 4096)]);

        long last;
        using (var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance))
        {
            Assert.Equal(OutboxHealth.RecoveredFromCorruption, outbox.Health);
            last = outbox.FirstSequence + 99;
            for (var seq = outbox.FirstSequence; seq <= last; seq++)
            {
                outbox.TryAppend(OutboxFixture.Record(seq, _time.GetUtcNow()));
            }

            Assert.True(outbox.CommitNow());
            Assert.True(File.Exists(_fixture.DatabasePath + "-wal"));
        }

        var deleted = DurableOutbox.Erase(_fixture.Options());

        Assert.Contains(_fixture.DatabasePath, deleted);
        Assert.Contains(deleted, f => f.Contains(".corrupt-", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_fixture.Directory));
        _time.Advance(TimeSpan.FromSeconds(1));
        using var fresh = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        Assert.Equal(OutboxHealth.Ok, fresh.Health);
        Assert.Empty(fresh.ReadAfter(0, 10));
        Assert.True(fresh.FirstSequence > last);
    }

    [Fact]
    public void Erase_of_an_outbox_that_never_existed_deletes_nothing_and_a_null_options_is_refused()
    {
        Assert.Empty(DurableOutbox.Erase(_fixture.Options()));
        Assert.Throws<ArgumentNullException>(() => DurableOutbox.Erase(null!));
    }
}
