using GeoFence.Gnss;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Sanitizing.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Sanitizing;

/// <summary>
/// The one exit: takes each (fix, verdict), records the decision in the audit, applies the output rules and the trajectory
/// guard, and returns the <see cref="CompliantFix"/> records that may leave now. Clock: the injected TimeProvider; a record
/// matures <see cref="TrajectoryGuardRules.Delay"/> after the call that brought its fix. A buffering audit is flushed
/// before a record whose entry it still buffers leaves, and at least every <see cref="AuditFlushInterval"/>; when it
/// reports lost entries, the waiting records whose entries they were are dropped (counted) and a write failure is thrown.
/// Not thread-safe: one pipeline thread calls it.
/// </summary>
public sealed class Sanitizer
{
    private readonly OutputRules rules;
    private readonly IDecisionAudit audit;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ContentBuilder builder;
    private readonly TrajectoryGuard guard;
    private readonly ConstantRateUplink? uplink;
    private DateTimeOffset lastFixTime = DateTimeOffset.MinValue;
    private DateTimeOffset lastAuditFlush;
    private long seenAuditLosses;

    /// <summary>Creates the sanitiser; throws <see cref="ArgumentException"/> for invalid rules (fail closed: nothing starts).</summary>
    public Sanitizer(OutputRules rules, IUnitSecrets secrets, IGuardRandom random, IDecisionAudit audit, TimeProvider time, ILogger? logger = null, long firstSequence = 1)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var problems = rules.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("output rules rejected: " + string.Join("; ", problems), nameof(rules));
        }

        this.rules = rules;
        this.audit = audit;
        this.time = time;
        this.logger = logger ?? NullLogger.Instance;
        builder = new ContentBuilder(rules, new DriftingGridOffset(secrets.GridOffsetKey, rules.RedactOffsetDriftPeriod));
        guard = new TrajectoryGuard(rules.Guard, random);
        uplink = rules.Uplink.Enabled ? new ConstantRateUplink(rules.Uplink, time.GetUtcNow()) : null;
        NextSequence = firstSequence;
        lastAuditFlush = time.GetUtcNow();
        seenAuditLosses = audit.Losses;
    }

    /// <summary>The longest a buffered audit entry waits to be written while nothing that depends on it leaves.</summary>
    public static TimeSpan AuditFlushInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Sequence number the next outgoing record gets.</summary>
    public long NextSequence { get; private set; }

    /// <summary>When <see cref="Pump"/> next has something to release (a maturity or an uplink tick); null when nothing waits.</summary>
    public DateTimeOffset? NextDue => uplink is null ? guard.NextMaturity : uplink.NextTick;

    /// <summary>Counts of what happened.</summary>
    public SanitizerCounters Counters { get; } = new();

    /// <summary>Handles one fix and its verdict; returns the records that leave now (matured ones, possibly none).</summary>
    public IReadOnlyList<CompliantFix> Process(in Fix fix, in Verdict verdict) => Process(fix, verdict, time.GetUtcNow());

    /// <summary>
    /// Handles one fix as of <paramref name="arrived"/> (when it was handed over; at most now, a later time counts as now):
    /// its record matures the delay after that, and the guard's clearance runs from then; returns what leaves by then.
    /// </summary>
    public IReadOnlyList<CompliantFix> Process(in Fix fix, in Verdict verdict, DateTimeOffset arrived)
    {
        var current = time.GetUtcNow();
        var now = arrived < current ? arrived : current;
        Counters.Received++;
        DropIfAuditLost(); // before this fix joins the line: its entry is not among the lost
        var usable = FixValidity.IsUsable(fix) && fix.Time > lastFixTime;
        var wellFormed = verdict.IsWellFormed;
        try
        {
            audit.Record(new AuditDecision(
                usable ? fix.Time : now,
                usable && wellFormed ? (AuditOutcome)verdict.Action : AuditOutcome.Invalid,
                verdict.ZoneIds ?? [],
                verdict.PolicyId ?? string.Empty,
                verdict.PolicyVersion));
        }
        catch (IOException)
        {
            // unrecorded, the fix goes nowhere; but a zone it triggered still suppresses the approach waiting in the
            // delay line and starts the clearance, or a full card would release the trajectory into the zone
            Guard(fix, verdict, wellFormed, now);
            DropIfAuditLost();
            throw;
        }

        var ticket = audit.LastTicket;

        if (!usable || !wellFormed)
        {
            Counters.Invalid++;
            SanitizerLog.Dropped(logger, !usable ? "fix unusable" : "verdict malformed");
            Guard(fix, verdict, wellFormed, now);
            return Release(now);
        }

        lastFixTime = fix.Time;
        var lat = fix.Latitude!.Value;
        var lon = fix.Longitude!.Value;
        var matures = now + rules.Guard.Delay;
        if (verdict.TriggersGuard)
        {
            Suppressed(guard.Trigger(lat, lon, now));
            if (verdict.Action == VerdictAction.Block)
            {
                Counters.Blocked++;
            }
            else
            {
                Enqueue(new WaitingRecord(matures, ticket, lat, lon, builder.Redacted(fix, verdict.RedactGridMetres), zoneProtected: true));
            }

            return Release(now);
        }

        if (!guard.Admit(lat, lon, now, out var stripMotion))
        {
            Counters.SuppressedClearance++;
            SanitizerLog.Clearing(logger);
            return Release(now);
        }

        var content = verdict.Action == VerdictAction.Allow ? builder.Precise(fix) : builder.Redacted(fix, verdict.RedactGridMetres);
        Enqueue(new WaitingRecord(matures, ticket, lat, lon, stripMotion ? content.WithoutMotion() : content, zoneProtected: false));
        return Release(now);
    }

    /// <summary>Releases whatever has matured by now (and the uplink tick); call at least once per uplink cadence.</summary>
    public IReadOnlyList<CompliantFix> Pump() => Release(time.GetUtcNow());

    /// <summary>Shutdown: drops every waiting record (a waiting fix never leaves early); returns how many were dropped.</summary>
    public int Flush()
    {
        var dropped = guard.DropAll() + (uplink?.Drop() == true ? 1 : 0);
        Counters.DroppedAtFlush += dropped;
        SanitizerLog.Flushed(logger, dropped);
        return dropped;
    }

    /// <summary>The guard's part for a fix that itself never enters the line (unusable, malformed or unaudited).</summary>
    private void Guard(in Fix fix, in Verdict verdict, bool wellFormed, DateTimeOffset now)
    {
        if (!wellFormed || verdict.TriggersGuard)
        {
            if (HasPlausiblePosition(fix))
            {
                Suppressed(guard.Trigger(fix.Latitude!.Value, fix.Longitude!.Value, now)); // a full event: approach and clearance
            }
            else if (!wellFormed || verdict.ZoneTriggered)
            {
                Suppressed(guard.TriggerUnknownPosition()); // a zone matched somewhere unknown: nothing waiting may leave
            }
        }
    }

    private static bool HasPlausiblePosition(in Fix fix) =>
        fix.Latitude is { } lat && double.IsFinite(lat) && lat is >= -90 and <= 90
        && fix.Longitude is { } lon && double.IsFinite(lon) && lon is >= -180 and <= 180;

    private void Enqueue(WaitingRecord record)
    {
        if (!guard.Enqueue(record))
        {
            Counters.DroppedLineFull++;
            SanitizerLog.LineFull(logger);
        }
    }

    private void Suppressed(int count)
    {
        Counters.SuppressedApproach += count;
        SanitizerLog.Triggered(logger, count);
    }

    private CompliantFix[] Release(DateTimeOffset now)
    {
        DropIfAuditLost();
        var written = audit.WrittenThrough;
        if (audit.LastTicket > written
            && (now - lastAuditFlush >= AuditFlushInterval || guard.NewestMaturedTicket(now) > written))
        {
            FlushAudit(now); // nothing leaves before its decision is written
        }

        var matured = guard.TakeMatured(now, out _);
        if (uplink is null)
        {
            if (matured.Count == 0)
            {
                return [];
            }

            var records = new CompliantFix[matured.Count];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = Emit(matured[i]);
            }

            return records;
        }

        for (var i = 0; i < matured.Count; i++)
        {
            uplink.Offer(matured[i]);
        }

        Counters.Coalesced = uplink.Coalesced;

        if (!uplink.TryTick(now, out var record, out var tick))
        {
            return [];
        }

        if (record is { } due)
        {
            return [Emit(due)];
        }

        if (rules.Uplink.HeartbeatWhenSuppressed)
        {
            Counters.Heartbeats++;
            return [Emit(builder.Heartbeat(tick))];
        }

        return [];
    }

    /// <summary>Writes the audit's buffered entries; on failure drops the waiting records whose entries were lost, and rethrows.</summary>
    private void FlushAudit(DateTimeOffset now)
    {
        try
        {
            audit.Flush();
            lastAuditFlush = now;
        }
        catch (IOException)
        {
            DropIfAuditLost();
            throw;
        }
    }

    /// <summary>When the audit lost entries since last seen, drops the waiting records whose entries those were.</summary>
    private void DropIfAuditLost()
    {
        var losses = audit.Losses;
        if (losses == seenAuditLosses)
        {
            return;
        }

        seenAuditLosses = losses;
        var dropped = guard.DropWhere(waiting => audit.WasLost(waiting.AuditTicket));
        Counters.DroppedAuditLost += dropped;
        SanitizerLog.AuditLost(logger, dropped);
    }

    private CompliantFix Emit(OutgoingContent content)
    {
        var record = new CompliantFix(NextSequence++, content);
        Counters.Emitted++;
        SanitizerLog.Out(logger, record.Sequence, record.Level);
        return record;
    }
}
