using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>The outbox's promises: ordered, durable after commit, never written when acknowledged first, bounded.</summary>
public sealed class DurableOutboxTests : IDisposable
{
    private readonly OutboxFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Committed_records_survive_a_reopen_in_order_and_sequence_numbers_never_go_back()
    {
        long first;
        using (var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance))
        {
            first = outbox.FirstSequence;
            for (var i = 0; i < 250; i++)
            {
                Assert.True(outbox.TryAppend(OutboxFixture.Record(first + i, _time.GetUtcNow())));
            }

            Assert.True(outbox.CommitNow());
            Assert.Equal(250, outbox.Counters.Committed);
        }

        using var reopened = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        var records = reopened.ReadAfter(0, 1000);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => first + i), records.Select(r => r.Sequence));
        Assert.True(reopened.FirstSequence > first + 249);
        Assert.Equal(250, reopened.Depth);
    }

    [Fact]
    public void A_record_acknowledged_before_its_commit_is_never_written()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        var seq = outbox.FirstSequence;
        outbox.TryAppend(OutboxFixture.Record(seq, _time.GetUtcNow()));
        outbox.TryAppend(OutboxFixture.Record(seq + 1, _time.GetUtcNow()));
        outbox.Acknowledge(seq);
        outbox.CommitNow();

        Assert.Equal(1, outbox.Counters.NeverWritten);
        Assert.Equal(1, outbox.Counters.Committed);
        Assert.Equal([seq + 1], outbox.ReadAfter(0, 10).Select(r => r.Sequence));
    }

    [Fact]
    public void A_record_acknowledged_after_its_commit_is_deleted_and_stays_deleted()
    {
        long seq;
        using (var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance))
        {
            seq = outbox.FirstSequence;
            outbox.TryAppend(OutboxFixture.Record(seq, _time.GetUtcNow()));
            outbox.TryAppend(OutboxFixture.Record(seq + 1, _time.GetUtcNow()));
            outbox.CommitNow();
            outbox.Acknowledge(seq);
            Assert.Equal([seq + 1], outbox.ReadAfter(0, 10).Select(r => r.Sequence));
            outbox.CommitNow();
        }

        using var reopened = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        Assert.Equal([seq + 1], reopened.ReadAfter(0, 10).Select(r => r.Sequence));
        Assert.True(reopened.FirstSequence > seq + 1);
    }

    [Fact]
    public void Acknowledged_rows_awaiting_deletion_never_hide_unacknowledged_ones_from_a_page()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        for (var i = 0; i < 100; i++)
        {
            outbox.TryAppend(OutboxFixture.Record(first + i, _time.GetUtcNow()));
        }

        outbox.CommitNow();
        for (var i = 0; i < 60; i++)
        {
            outbox.Acknowledge(first + i);
        }

        outbox.TryAppend(OutboxFixture.Record(first + 100, _time.GetUtcNow()));

        Assert.Equal(Enumerable.Range(60, 20).Select(i => first + i), outbox.ReadAfter(0, 20).Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(60, 41).Select(i => first + i), outbox.ReadAfter(0, 1000).Select(r => r.Sequence));
    }

    [Fact]
    public void Full_with_drop_oldest_keeps_the_newest_and_counts_the_drops()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { MaxRecords = 10 }), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        for (var i = 0; i < 15; i++)
        {
            outbox.TryAppend(OutboxFixture.Record(first + i, _time.GetUtcNow()));
            outbox.CommitNow();
        }

        Assert.Equal(Enumerable.Range(5, 10).Select(i => first + i), outbox.ReadAfter(0, 100).Select(r => r.Sequence));
        Assert.Equal(5, outbox.Counters.DroppedFull);
    }

    [Fact]
    public void Full_with_stop_accepting_refuses_new_records_and_keeps_the_old()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { MaxRecords = 3, FullMode = OutboxFullMode.StopAccepting }), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        var accepted = Enumerable.Range(0, 5).Select(i => outbox.TryAppend(OutboxFixture.Record(first + i, _time.GetUtcNow()))).ToList();

        Assert.Equal([true, true, true, false, false], accepted);
        Assert.Equal(2, outbox.Counters.RefusedFull);
        outbox.CommitNow();
        Assert.Equal(3, outbox.ReadAfter(0, 10).Count);
    }

    [Fact]
    public void Records_older_than_the_retention_are_deleted_and_counted()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { Retention = TimeSpan.FromDays(7) }), _time, NullLogger.Instance);
        var first = outbox.FirstSequence;
        outbox.TryAppend(OutboxFixture.Record(first, _time.GetUtcNow()));
        outbox.CommitNow();
        _time.Advance(TimeSpan.FromDays(6.9));
        outbox.TryAppend(OutboxFixture.Record(first + 1, _time.GetUtcNow()));
        outbox.CommitNow();
        Assert.Equal(0, outbox.Counters.Expired);

        _time.Advance(TimeSpan.FromDays(0.2));
        outbox.CommitNow();
        Assert.Equal(1, outbox.Counters.Expired);
        Assert.Equal([first + 1], outbox.ReadAfter(0, 10).Select(r => r.Sequence));
    }

    [Fact]
    public void A_corrupt_database_is_moved_aside_and_a_fresh_one_works()
    {
        var garbage = new byte[8192];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(_fixture.DatabasePath, garbage);

        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);

        Assert.Equal(OutboxHealth.RecoveredFromCorruption, outbox.Health);
        Assert.Contains("corrupt", outbox.HealthDetail, StringComparison.Ordinal);
        var aside = Directory.GetFiles(_fixture.Directory, "outbox.db.corrupt-*").Single(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.Equal(garbage, File.ReadAllBytes(aside));
        Assert.True(outbox.TryAppend(OutboxFixture.Record(outbox.FirstSequence, _time.GetUtcNow())));
        Assert.True(outbox.CommitNow());
        Assert.Single(outbox.ReadAfter(0, 10));
    }

    [Theory]
    [InlineData(true, 200)]
    [InlineData(false, 1000)]
    public async Task The_commit_loop_writes_within_one_interval_and_flushes_on_stop(bool brokerConnected, int intervalMs)
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with
        {
            CommitInterval = TimeSpan.FromMilliseconds(200),
            DisconnectedCommitInterval = TimeSpan.FromSeconds(1),
            CommitBatch = 1000,
        }), _time, NullLogger.Instance);
        outbox.BrokerConnected = brokerConnected;
        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), outbox.CurrentCommitInterval);
        using var stop = new CancellationTokenSource();
        var loop = outbox.RunAsync(stop.Token);
        outbox.TryAppend(OutboxFixture.Record(outbox.FirstSequence, _time.GetUtcNow()));
        var commitsBefore = outbox.Counters.Commits;
        var committed = WhenCommitted(outbox, 1);

        _time.Advance(TimeSpan.FromMilliseconds(intervalMs));
        await committed;
        Assert.True(outbox.Counters.Commits > commitsBefore);

        outbox.TryAppend(OutboxFixture.Record(outbox.FirstSequence + 1, _time.GetUtcNow()));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, outbox.Counters.Committed);
    }

    [Fact]
    public void The_default_commits_every_200_ms_while_connected_and_every_second_while_disconnected()
    {
        var defaults = new OutboxOptions { DatabasePath = "unused" };
        Assert.Equal(TimeSpan.FromMilliseconds(200), defaults.CommitInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.DisconnectedCommitInterval);
        Assert.Equal(100, defaults.CommitBatch);
        Assert.Equal(OutboxSync.Full, defaults.Synchronous);

        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        Assert.Equal(TimeSpan.FromSeconds(1), outbox.CurrentCommitInterval);
        outbox.BrokerConnected = true;
        Assert.Equal(TimeSpan.FromMilliseconds(200), outbox.CurrentCommitInterval);
    }

    [Fact]
    public async Task A_full_batch_commits_without_waiting_for_the_interval()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { CommitInterval = TimeSpan.FromHours(1), CommitBatch = 10 }), _time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var committed = WhenCommitted(outbox, 10);
        var loop = outbox.RunAsync(stop.Token);
        for (var i = 0; i < 10; i++)
        {
            outbox.TryAppend(OutboxFixture.Record(outbox.FirstSequence + i, _time.GetUtcNow()));
        }

        await committed;
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_interval_with_everything_acknowledged_and_nothing_stored_runs_no_transaction()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(o => o with { CommitInterval = TimeSpan.FromMilliseconds(200), CommitBatch = 1000 }), _time, NullLogger.Instance);
        outbox.BrokerConnected = true;
        using var stop = new CancellationTokenSource();
        var attempts = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        outbox.CommitAttempted += committed => attempts.Writer.TryWrite(committed);
        var loop = outbox.RunAsync(stop.Token);

        // Acknowledged within the interval (the broker's PUBACK came first): nothing to write at the interval's end.
        var first = OutboxFixture.Record(outbox.FirstSequence, _time.GetUtcNow());
        outbox.TryAppend(first);
        outbox.Acknowledge(first.Sequence);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(await attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, outbox.Counters.EmptyCommitsSkipped);
        Assert.Equal(0, outbox.Counters.Committed);

        // Not acknowledged in time: the next interval writes it, in a real transaction.
        var second = OutboxFixture.Record(outbox.FirstSequence + 1, _time.GetUtcNow());
        outbox.TryAppend(second);
        var commitsBefore = outbox.Counters.Commits;
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(await attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, outbox.Counters.Committed);
        Assert.True(outbox.Counters.Commits > commitsBefore);
        Assert.Equal(1, outbox.Counters.EmptyCommitsSkipped);

        // A record is stored now: later intervals keep running transactions (stored records may expire or be trimmed).
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(await attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, outbox.Counters.EmptyCommitsSkipped);

        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Records_acknowledged_while_their_commit_runs_leave_the_depth_exact_never_below_what_waits()
    {
        using var outbox = DurableOutbox.Open(_fixture.Options(), _time, NullLogger.Instance);
        for (var i = 0; i < 3; i++)
        {
            outbox.TryAppend(OutboxFixture.Record(outbox.FirstSequence + i, _time.GetUtcNow()));
        }

        var depthsDuringCommit = new List<long>();
        outbox.CommitStarting = () =>
        {
            // The broker's PUBACK for the first two arrives while SQLite writes them (the session thread, at 20 Hz).
            outbox.Acknowledge(outbox.FirstSequence);
            depthsDuringCommit.Add(outbox.Depth);
            outbox.Acknowledge(outbox.FirstSequence + 1);
            depthsDuringCommit.Add(outbox.Depth);
        };

        Assert.True(outbox.CommitNow());
        outbox.CommitStarting = null;
        Assert.Equal([2L, 1L], depthsDuringCommit); // was 1, -1: a replay's drain saw "-20 left" and stopped early
        Assert.Equal(1, outbox.Depth);
        Assert.True(outbox.CommitNow()); // deletes the two acknowledged rows
        Assert.Equal(1, outbox.Depth);
        outbox.Acknowledge(outbox.FirstSequence + 2);
        Assert.Equal(0, outbox.Depth);
    }

    /// <summary>Completes once the outbox has committed at least <paramref name="records"/> records (signalled by its commits).</summary>
    private static Task WhenCommitted(DurableOutbox outbox, long records)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        outbox.CommitAttempted += _ =>
        {
            if (outbox.Counters.Committed >= records)
            {
                signal.TrySetResult();
            }
        };
        return signal.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
