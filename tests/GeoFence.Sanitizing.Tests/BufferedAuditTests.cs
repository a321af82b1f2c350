using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

/// <summary>An audit that buffers its entries: nothing leaves before its entry is written, and lost entries take their records with them.</summary>
public sealed class BufferedAuditTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static (Harness Harness, BufferingAudit Audit) Make(Policy.OutputRules rules)
    {
        var audit = new BufferingAudit();
        return (new Harness(rules, audit: audit), audit);
    }

    private static void Feed(Harness harness, int index) =>
        harness.Feed(Fixes.At(30.5, 114.3 + (index * 0.00001), Fixes.Start + (index * Step)), Fixes.Allow(), Step);

    [Fact]
    public void A_record_never_leaves_while_its_audit_entry_is_only_buffered()
    {
        var (harness, audit) = Make(Rules.NoDelay with { MaxPrecisionMetres = 1 });
        for (var i = 0; i < 12; i++)
        {
            Feed(harness, i);
            Assert.Equal(i + 1, harness.Out.Count);
            Assert.Equal(harness.Out.Count, audit.Written.Count); // written before the record was handed out
        }
    }

    [Fact]
    public void With_a_delay_entries_are_written_once_a_second_not_per_fix()
    {
        var (harness, audit) = Make(Rules.Default);
        for (var i = 0; i < 25; i++)
        {
            Feed(harness, i);
        }

        Assert.Empty(harness.Out);
        Assert.Equal(2, audit.Flushes); // at 1.0 s and 2.0 s of fake time
        Assert.Equal(20, audit.Written.Count);

        harness.Drain();
        Assert.Equal(25, harness.Out.Count);
        Assert.Equal(25, audit.Written.Count);
    }

    [Fact]
    public void A_failed_flush_drops_the_records_whose_entries_it_lost_and_the_rest_flow()
    {
        var (harness, audit) = Make(Rules.Default);
        for (var i = 0; i < 15; i++)
        {
            Feed(harness, i);
        }

        audit.FailNextFlush = true;
        var failures = 0;
        for (var i = 15; i < 20; i++)
        {
            try
            {
                Feed(harness, i);
            }
            catch (IOException)
            {
                failures++; // the unit's pipeline logs it and carries on
            }
        }

        for (var i = 20; i < 25; i++)
        {
            Feed(harness, i);
        }

        harness.Drain();

        Assert.Equal(1, failures);
        Assert.Equal(10, harness.Sanitizer.Counters.DroppedAuditLost); // 10–19, buffered when the write failed
        var left = Enumerable.Range(0, 10).Concat(Enumerable.Range(20, 5));
        Assert.Equal(left.Select(i => Fixes.Start + (i * Step)), harness.Out.Select(r => r.Time!.Value)); // 0–9 were written
        Assert.Equal(15, audit.Written.Count);
    }

    [Fact]
    public void Entries_lost_outside_the_sanitiser_drop_what_waits_at_the_next_fix()
    {
        var (harness, audit) = Make(Rules.Default);
        for (var i = 0; i < 5; i++)
        {
            Feed(harness, i);
        }

        audit.LoseBuffered(); // as a failed prune on the maintenance thread would
        Feed(harness, 5);
        harness.Drain();

        Assert.Equal(5, harness.Sanitizer.Counters.DroppedAuditLost);
        Assert.Equal([Fixes.Start + (5 * Step)], harness.Out.Select(r => r.Time!.Value));
    }
}
