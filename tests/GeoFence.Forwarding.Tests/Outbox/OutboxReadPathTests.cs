using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>The read path: this run's records come from memory, older stored rows a page at a time, nothing skipped.</summary>
public sealed class OutboxReadPathTests : IDisposable
{
    private readonly OutboxFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Committed_records_of_this_run_are_read_one_at_a_time_without_sql()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        Append(outbox, first, 1000);
        Assert.True(outbox.CommitNow());

        var read = DrainOneByOne(outbox, acknowledge: true);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => first + i), read);
        Assert.Equal(0, outbox.ColdPageLoads);
        Assert.Equal(0, outbox.Depth);
        Assert.True(outbox.CommitNow());
        Assert.Equal(1000, outbox.Counters.Committed);
    }

    [Fact]
    public void A_backlog_from_an_earlier_run_is_read_in_pages_and_handed_out_once()
    {
        long first;
        using (var earlier = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance))
        {
            first = earlier.FirstSequence;
            Append(earlier, first, 1200);
        }

        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        var next = outbox.FirstSequence;
        Append(outbox, next, 10);

        var read = DrainOneByOne(outbox, acknowledge: true);

        Assert.Equal(Enumerable.Range(0, 1200).Select(i => first + i).Concat(Enumerable.Range(0, 10).Select(i => next + i)), read);
        Assert.Equal((1200 + DurableOutbox.ColdPageRecords - 1) / DurableOutbox.ColdPageRecords, outbox.ColdPageLoads);
        Assert.True(outbox.CommitNow());
        Assert.Equal(0, outbox.Depth);
    }

    [Fact]
    public void Records_beyond_the_memory_bound_are_read_back_from_the_database_in_order()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { MaxMemoryRecords = 100 }), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        for (var i = 0; i < 300; i += 50)
        {
            Append(outbox, first + i, 50);
            Assert.True(outbox.CommitNow());
        }

        Assert.Equal(0, outbox.Counters.DroppedFull);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => first + i), outbox.ReadAfter(0, 1000).Select(r => r.Sequence));

        // Acknowledge some old (database) and some new (memory) records: neither comes back, before or after a commit.
        foreach (var i in new[] { 0, 1, 2, 150, 299 })
        {
            outbox.Acknowledge(first + i);
        }

        var expected = Enumerable.Range(0, 300).Except([0, 1, 2, 150, 299]).Select(i => first + i).ToList();
        Assert.Equal(expected, outbox.ReadAfter(0, 1000).Select(r => r.Sequence));
        Assert.Equal(expected, DrainOneByOne(outbox, acknowledge: false));
        Assert.True(outbox.CommitNow());
        Assert.Equal(expected, outbox.ReadAfter(0, 1000).Select(r => r.Sequence));
        Assert.Equal(295, outbox.Depth);
    }

    [Fact]
    public void Reads_during_a_storage_fault_and_beyond_the_memory_bound_drop_only_the_oldest_unwritten()
    {
        // A regular file where the database's directory should be: storage can't be opened at all.
        var notADirectory = Path.Combine(_fixture.Directory, "file");
        File.WriteAllText(notADirectory, "x");
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { MaxMemoryRecords = 10, DatabasePath = Path.Combine(notADirectory, "outbox.db") }), _time, NullLogger.Instance);
        Assert.Equal(OutboxHealth.StorageFault, outbox.Health);
        var first = outbox.FirstSequence;
        Append(outbox, first, 25);

        Assert.Equal(15, outbox.Counters.DroppedFull);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => first + i), outbox.ReadAfter(0, 100).Select(r => r.Sequence));
    }

    [Fact]
    public void Numbers_used_by_records_acknowledged_before_any_commit_never_come_back_after_a_restart()
    {
        long last;
        using (var outbox = DurableOutbox.Open(_fixture.Options(o => o with { SequenceBlock = 64 }), _time, NullLogger.Instance))
        {
            var first = outbox.FirstSequence;
            for (var i = 0; i < 1000; i++)
            {
                outbox.TryAppend(OutboxFixture.Record(first + i, _time.GetUtcNow()));
                outbox.Acknowledge(first + i);
                if (i % 10 == 9)
                {
                    outbox.CommitNow();
                }
            }

            last = first + 999;
            Assert.Equal(0, outbox.Counters.Committed);
        }

        using var reopened = DurableOutbox.Open(_fixture.Options(o => o with { SequenceBlock = 64 }), _time, NullLogger.Instance);
        Assert.True(reopened.FirstSequence > last, $"restarted at {reopened.FirstSequence}, already used {last}");
    }

    [Fact]
    public void A_new_database_numbers_from_the_clock_so_a_wiped_unit_never_reuses_a_number()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), outbox.FirstSequence);
    }

    [Fact]
    public void Reading_with_a_non_positive_count_or_appending_a_number_that_does_not_grow_is_refused()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        Assert.Throws<ArgumentOutOfRangeException>(() => outbox.ReadAfter(0, 0));
        Assert.True(outbox.TryAppend(OutboxFixture.Record(first + 1, _time.GetUtcNow())));
        Assert.Throws<ArgumentException>(() => outbox.TryAppend(OutboxFixture.Record(first + 1, _time.GetUtcNow())));
        Assert.Throws<ArgumentException>(() => outbox.TryAppend(OutboxFixture.Record(first, _time.GetUtcNow())));
        Assert.Throws<ArgumentNullException>(() => outbox.TryAppend(null!));
        Assert.Equal([first + 1], outbox.ReadAfter(0, 10).Select(r => r.Sequence));
    }

    private void Append(DurableOutbox outbox, long from, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(outbox.TryAppend(OutboxFixture.Record(from + i, _time.GetUtcNow())));
        }
    }

    private static List<long> DrainOneByOne(DurableOutbox outbox, bool acknowledge)
    {
        var read = new List<long>();
        var cursor = 0L;
        while (outbox.ReadAfter(cursor, 1) is [var record])
        {
            read.Add(record.Sequence);
            cursor = record.Sequence;
            if (acknowledge)
            {
                outbox.Acknowledge(record.Sequence);
            }
        }

        return read;
    }
}
