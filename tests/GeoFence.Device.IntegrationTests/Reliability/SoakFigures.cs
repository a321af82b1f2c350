using System.Globalization;
using System.Text;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>The soak's figures, computed from the committed snapshots, the consumer's arrivals and the RSS samples.</summary>
public sealed class SoakFigures
{
    /// <summary>Messages in flight (16) × records per message (50): the most one reconnect may send twice.</summary>
    public const int InFlightWindowRecords = 16 * 50;

    private static readonly TimeSpan SteadyAge = TimeSpan.FromSeconds(40);

    public SoakFigures(
        IReadOnlyList<SoakFault> faults,
        IReadOnlySet<long> committed,
        IReadOnlyList<(long Sequence, TimeSpan At, DateTimeOffset? Time)> arrivals,
        IReadOnlyList<(TimeSpan At, TimeSpan Age, long RssKiB)> rss,
        IReadOnlyList<string> log)
    {
        StopLines = log.Count(l => l.Contains("outbox at stop", StringComparison.Ordinal));
        CommitFailures = log.Count(l => l.Contains("outbox commit failed", StringComparison.Ordinal));
        AuditFailures = log.Count(l => l.Contains("audit log unwritable", StringComparison.Ordinal));
        AuditRecoveries = log.Where(l => l.Contains("audit log writable again", StringComparison.Ordinal)).ToList();
        Faults = faults;
        Committed = committed.Count;
        var delivered = arrivals.Select(a => a.Sequence).ToHashSet();
        Delivered = delivered.Count;
        Lost = [.. committed.Where(s => !delivered.Contains(s)).Order()];
        Duplicates = arrivals.Count - delivered.Count;
        DuplicatesPerFault = DuplicatesByFault(faults, arrivals);
        var ordered = delivered.Order().ToArray();
        Gaps = [.. ordered.Zip(ordered.Skip(1)).Where(p => p.Second - p.First > 1).Select(p => p.Second - p.First - 1)];
        var steady = rss.Where(s => s.Age >= SteadyAge).Select(s => s.RssKiB).ToArray();
        RssSamples = steady.Length;
        RssMaxKiB = rss.Count == 0 ? 0 : rss.Max(s => s.RssKiB);
        if (steady.Length >= 9)
        {
            RssFirstThirdKiB = Median(steady[..(steady.Length / 3)]);
            RssLastThirdKiB = Median(steady[^(steady.Length / 3)..]);
        }
    }

    public IReadOnlyList<SoakFault> Faults { get; }

    /// <summary>"outbox at stop" lines the agent logged (SIGTERM).</summary>
    public int StopLines { get; }

    /// <summary>"outbox commit failed" warnings the agent logged (disk full: records held in memory).</summary>
    public int CommitFailures { get; }

    /// <summary>"audit log unwritable" warnings the agent logged (fixes withheld until the audit writes again).</summary>
    public int AuditFailures { get; }

    /// <summary>"audit log writable again" lines, each with the count of fixes withheld meanwhile.</summary>
    public IReadOnlyList<string> AuditRecoveries { get; }

    public int Committed { get; }

    public int Delivered { get; }

    public IReadOnlyList<long> Lost { get; }

    public int Duplicates { get; }

    public IReadOnlyList<int> DuplicatesPerFault { get; }

    /// <summary>Sizes of the holes in the delivered sequence (a restart skips numbers; nothing else may).</summary>
    public IReadOnlyList<long> Gaps { get; }

    public int RssSamples { get; }

    public long RssMaxKiB { get; }

    public long RssFirstThirdKiB { get; }

    public long RssLastThirdKiB { get; }

    public double RssGrowth => RssFirstThirdKiB == 0 ? 0 : ((double)RssLastThirdKiB / RssFirstThirdKiB) - 1;

    /// <summary>Faults after which output must come back within 5 s (no delay-line restart by design).</summary>
    public static bool IsQuick(SoakFaultKind kind) => kind is not (SoakFaultKind.AgentKill or SoakFaultKind.PolicySwap);

    public TimeSpan LongestRecovery(Func<SoakFaultKind, bool> which) =>
        Faults.Where(f => which(f.Kind) && f.Recovery is not null).Select(f => f.Recovery!.Value).DefaultIfEmpty().Max();

    public TimeSpan LongestInputRecovery =>
        Faults.Where(f => f.InputRecovery is not null).Select(f => f.InputRecovery!.Value).DefaultIfEmpty().Max();

    /// <summary>The figures as a plain-text table (no coordinates: sequence numbers, counts and times only).</summary>
    public string Table(TimeSpan wall, int seed, long epochs, long garbageBytes)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"soak: seed {seed}, {wall.TotalSeconds:F0} s wall, {epochs} epochs at 20 Hz, {garbageBytes} garbage bytes, {Faults.Count} faults");
        text.AppendLine(" #  fault          start s   end s  output s  input s   dup  committed");
        for (var i = 0; i < Faults.Count; i++)
        {
            var f = Faults[i];
            var recovery = f.Recovery is { } r ? r.TotalSeconds.ToString("F2", c) : "none";
            var input = f.InputRecovery is { } n ? n.TotalSeconds.ToString("F2", c) : "none";
            text.AppendLine(c, $"{i + 1,2}  {f.Kind,-13} {f.Start.TotalSeconds,8:F1} {f.End.TotalSeconds,7:F1} {recovery,9} {input,8} {DuplicatesPerFault[i],5} {(f.Kind is SoakFaultKind.AgentKill or SoakFaultKind.DiskFull ? f.Committed.ToString(c) : "-"),10}");
        }

        text.AppendLine(c, $"committed (outbox after each kill and before each disk full, by seq): {Committed}; delivered distinct: {Delivered}; lost of committed: {Lost.Count}");
        text.AppendLine(c, $"duplicates: {Duplicates} (max per fault {DuplicatesPerFault.DefaultIfEmpty().Max()}, window {InFlightWindowRecords}); sequence gaps: {Gaps.Count} ({string.Join(',', Gaps)})");
        text.AppendLine(c, $"longest output recovery (fault end -> next new record): {LongestRecovery(IsQuick).TotalSeconds:F2} s broker/pty/garbage/disk full; {LongestRecovery(k => !IsQuick(k)).TotalSeconds:F2} s kill/policy swap (the delay line restarts by design: 30 s)");
        text.AppendLine(c, $"longest input recovery (first fix after the fault end delivered, beyond the 30 s guard delay): {LongestInputRecovery.TotalSeconds:F2} s");
        foreach (var kind in Enum.GetValues<SoakFaultKind>())
        {
            var of = Faults.Where(f => f.Kind == kind).ToList();
            text.AppendLine(c, $"  {kind,-13} x{of.Count}: output recovery max {Max(of, f => f.Recovery)}, input recovery max {Max(of, f => f.InputRecovery)}");
        }

        text.AppendLine(c, $"disk full: outbox commit failures logged {CommitFailures}; audit-unwritable spells {AuditFailures} ({string.Join("; ", AuditRecoveries)}); outbox stop lines {StopLines}");
        text.AppendLine(c, $"RSS: max {RssMaxKiB / 1024.0:F1} MiB; steady samples (agent age >= {SteadyAge.TotalSeconds:F0} s) {RssSamples}: first third median {RssFirstThirdKiB / 1024.0:F1} MiB, last third {RssLastThirdKiB / 1024.0:F1} MiB ({RssGrowth * 100:+0.0;-0.0} %)");
        return text.ToString();
    }

    private static string Max(List<SoakFault> faults, Func<SoakFault, TimeSpan?> of) =>
        faults.Select(of).Max() is { } max ? max.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s" : "-";

    private static int[] DuplicatesByFault(IReadOnlyList<SoakFault> faults, IReadOnlyList<(long Sequence, TimeSpan At, DateTimeOffset? Time)> arrivals)
    {
        var counts = new int[faults.Count];
        var seen = new HashSet<long>();
        foreach (var (sequence, at, _) in arrivals)
        {
            if (seen.Add(sequence))
            {
                continue;
            }

            var owner = -1;
            for (var i = 0; i < faults.Count && faults[i].Start <= at; i++)
            {
                owner = i;
            }

            if (owner >= 0)
            {
                counts[owner]++;
            }
        }

        return counts;
    }

    private static long Median(long[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
