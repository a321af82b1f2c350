using System.Text;
using FsCheck;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Sanitizing.Tests;

public sealed class AuditTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("geofence-audit-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(int entries, out string head, string name = "audit.log")
    {
        var path = Path.Combine(directory, name);
        var clock = new FakeTimeProvider(Fixes.Start);
        using var log = AuditLog.Open(path, new TestSecrets(), Rules.Default, clock);
        for (var i = 0; i < entries; i++)
        {
            var outcome = (AuditOutcome)(1 + (i % 4));
            log.Record(new AuditDecision(Fixes.Start.AddSeconds(i * 17), outcome, i % 3 == 0 ? ["zone-secret-7", "zone-b"] : [], "policy-a", 3));
        }

        head = log.HeadHash;
        return path;
    }

    [Fact]
    public void Entries_are_buffered_until_flushed_and_their_tickets_say_which_are_written()
    {
        var path = Path.Combine(directory, "buffered.log");
        var log = AuditLog.Open(path, new TestSecrets(), Rules.Default, new FakeTimeProvider(Fixes.Start));
        log.Record(new AuditDecision(Fixes.Start, AuditOutcome.Allow, [], "policy-a", 3));
        log.Record(new AuditDecision(Fixes.Start.AddSeconds(1), AuditOutcome.Block, ["zone-b"], "policy-a", 3));
        Assert.Equal(0, new FileInfo(path).Length);
        Assert.Equal((2L, 0L, 2), (log.LastTicket, log.WrittenThrough, log.PendingEntries));

        log.Flush();
        Assert.Equal((2L, 2L, 0), (log.LastTicket, log.WrittenThrough, log.PendingEntries));
        Assert.Equal(2, File.ReadAllLines(path).Length);

        log.Record(new AuditDecision(Fixes.Start.AddSeconds(2), AuditOutcome.Redact, [], "policy-a", 3));
        var head = log.HeadHash;
        log.Dispose(); // writes what is buffered
        var result = AuditVerifier.Verify(path, head);
        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Equal(3, result.Entries);
        Assert.Equal(0, log.Losses);
    }

    [Fact]
    public void The_buffer_is_bounded_even_when_nobody_flushes()
    {
        var path = Path.Combine(directory, "unflushed.log");
        using var log = AuditLog.Open(path, new TestSecrets(), Rules.Default, new FakeTimeProvider(Fixes.Start));
        for (var i = 0; i < 1000; i++)
        {
            log.Record(new AuditDecision(Fixes.Start.AddSeconds(i), AuditOutcome.Allow, ["zone-b"], "policy-a", 3));
        }

        Assert.True(log.WrittenThrough > 0, "nothing written after 1 000 entries");
        Assert.True(new FileInfo(path).Length > 0);
        Assert.InRange(log.PendingEntries * 150L, 0, AuditLog.FlushAtPendingBytes + 1024); // an entry is > 150 bytes
        Assert.Equal(log.LastTicket, log.WrittenThrough + log.PendingEntries);
    }

    [Fact]
    public void A_failed_write_loses_the_buffered_entries_and_counts_the_loss()
    {
        var log = AuditLog.Open("/dev/full", new TestSecrets(), Rules.Default, new FakeTimeProvider(Fixes.Start)); // every write: ENOSPC
        log.Record(new AuditDecision(Fixes.Start, AuditOutcome.Allow, [], "policy-a", 3));

        Assert.Throws<IOException>(log.Flush);
        Assert.Equal((1L, 1L, 0, 1L), (log.LastTicket, log.WrittenThrough, log.PendingEntries, log.Losses)); // written or lost
        Assert.True(log.WasLost(1));
        Assert.False(log.WasLost(2));
        log.Dispose(); // nothing left to write
    }

    [Fact]
    public void Intact_log_verifies_and_reports_its_head()
    {
        var path = Write(20, out var head);
        var result = AuditVerifier.Verify(path, head);
        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Equal(20, result.Entries);
        Assert.Equal(0, result.FirstIndex);
        Assert.Equal(head, result.HeadHash);
    }

    [Fact]
    public void Entries_carry_coarse_time_and_hashed_zone_ids_only()
    {
        var path = Write(4, out _);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("zone-secret-7", text, StringComparison.Ordinal);
        var first = File.ReadLines(path).First();
        Assert.Matches("""^\{"n":0,"time":"2026-11-28T08:00:00Z","policy":"policy-a","version":3,"action":"allow","zones":\["[0-9a-f]{32}","[0-9a-f]{32}"\],"prev":"0{64}"\}$""", first);
        Assert.Contains("\"time\":\"2026-11-28T08:00:00Z\"", File.ReadLines(path).ElementAt(1), StringComparison.Ordinal); // 08:00:17 floored to the minute
    }

    [Fact]
    public void Edit_is_detected()
    {
        var path = Write(10, out _);
        var lines = File.ReadAllLines(path);
        var edited = lines[4].Replace("\"action\":\"allow\"", "\"action\":\"redact\"", StringComparison.Ordinal);
        Assert.NotEqual(lines[4], edited);
        lines[4] = edited;
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        Assert.False(AuditVerifier.Verify(path).Intact);
    }

    [Fact]
    public void Reorder_is_detected()
    {
        var path = Write(10, out _);
        var lines = File.ReadAllLines(path);
        (lines[3], lines[6]) = (lines[6], lines[3]);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        Assert.False(AuditVerifier.Verify(path).Intact);
    }

    [Fact]
    public void Removal_in_the_middle_is_detected()
    {
        var path = Write(10, out _);
        File.WriteAllLines(path, File.ReadAllLines(path).Where((_, i) => i != 5));
        Assert.False(AuditVerifier.Verify(path).Intact);
    }

    [Fact]
    public void Removal_at_the_end_is_detected_against_the_anchored_head()
    {
        var path = Write(10, out var head);
        File.WriteAllLines(path, File.ReadAllLines(path).Take(9));
        Assert.False(AuditVerifier.Verify(path, head).Intact);
    }

    [Fact]
    public void Removal_at_the_start_shows_as_a_missing_prefix()
    {
        var path = Write(10, out _);
        File.WriteAllLines(path, File.ReadAllLines(path).Skip(2));
        var result = AuditVerifier.Verify(path);
        Assert.Equal(2, result.FirstIndex);
    }

    [Fact]
    public void Reopening_continues_the_chain_and_drops_a_torn_last_line()
    {
        var path = Write(5, out _);
        File.AppendAllText(path, "{\"n\":5,\"ti");
        var clock = new FakeTimeProvider(Fixes.Start);
        using (var log = AuditLog.Open(path, new TestSecrets(), Rules.Default, clock))
        {
            Assert.Equal(5, log.NextIndex);
            log.Record(new AuditDecision(Fixes.Start.AddMinutes(5), AuditOutcome.Block, ["z"], "policy-a", 4));
        }

        var result = AuditVerifier.Verify(path);
        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Equal(6, result.Entries);
    }

    [Fact]
    public void Retention_prunes_old_entries_and_the_rest_still_verifies()
    {
        var path = Path.Combine(directory, "retention.log");
        var clock = new FakeTimeProvider(Fixes.Start);
        using var log = AuditLog.Open(path, new TestSecrets(), Rules.Default with { RetentionDays = 7 }, clock);
        for (var day = 0; day < 10; day++)
        {
            log.Record(new AuditDecision(Fixes.Start.AddDays(day), AuditOutcome.Allow, [], "policy-a", 3));
        }

        clock.Advance(TimeSpan.FromDays(9.5));
        Assert.Equal(3, log.PruneExpired());
        log.Record(new AuditDecision(Fixes.Start.AddDays(10), AuditOutcome.Allow, [], "policy-a", 3));
        log.Flush();
        var result = AuditVerifier.Verify(path, log.HeadHash);
        Assert.True(result.Intact, string.Join("\n", result.Problems));
        Assert.Equal(3, result.FirstIndex);
        Assert.Equal(8, result.Entries);
    }

    [Fact]
    public void The_sanitiser_audits_every_decision_including_invalid_ones()
    {
        var path = Path.Combine(directory, "sanitiser.log");
        using var log = AuditLog.Open(path, new TestSecrets(), Rules.Default, new FakeTimeProvider(Fixes.Start));
        var harness = new Harness(Rules.Default, audit: log);
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Allow());
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(1)), Fixes.Redact(100, zone: true));
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(2)), Fixes.Block());
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(3)) with { Latitude = double.NaN }, Fixes.Allow());
        var actions = File.ReadAllLines(path).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()!).ToArray();
        Assert.Equal(["allow", "redact", "block", "invalid"], actions);
        Assert.True(AuditVerifier.Verify(path, log.HeadHash).Intact);
    }

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public void Any_single_byte_change_is_detected(PositiveInt where, byte value)
    {
        var path = Write(12, out var head, $"p{Guid.NewGuid():N}.log");
        var bytes = File.ReadAllBytes(path);
        var index = where.Get % bytes.Length;
        if (bytes[index] == value)
        {
            value ^= 0x20;
        }

        bytes[index] = value;
        File.WriteAllBytes(path, bytes);
        Assert.False(AuditVerifier.Verify(path, head).Intact, $"byte {index} set to {value}: {Encoding.UTF8.GetString(bytes)}");
    }
}
