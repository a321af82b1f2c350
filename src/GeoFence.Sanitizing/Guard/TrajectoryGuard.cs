using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Guard;

/// <summary>
/// Delay line plus approach/exit suppression. The sanitiser does not see zones, so distances are measured from triggered
/// fixes: the approach distance from the first triggered fix of an event (the entry point), the clearance distance from the
/// last triggered fix (the exit point). Both are drawn per event from the policy ranges; neither is centred on the zone.
/// </summary>
internal sealed class TrajectoryGuard(TrajectoryGuardRules rules, IGuardRandom random)
{
    private readonly Queue<WaitingRecord> line = new();
    private double approachMetres;
    private double clearanceMetres;
    private DateTimeOffset lastTriggerTime;
    private (double Latitude, double Longitude)? exitPoint;
    private (double Latitude, double Longitude)? stripCentre;
    private double stripRadiusMetres;

    public GuardPhase Phase { get; private set; } = GuardPhase.Clear;

    public int Waiting => line.Count;

    /// <summary>When the head of the delay line matures; null when nothing waits.</summary>
    public DateTimeOffset? NextMaturity => line.TryPeek(out var head) ? head.Matures : null;

    /// <summary>A fix was blocked or zone-redacted at a known position: start or continue an event.</summary>
    /// <returns>How many waiting records were suppressed.</returns>
    public int Trigger(double latitude, double longitude, DateTimeOffset now)
    {
        if (Phase == GuardPhase.Clear)
        {
            approachMetres = Draw(rules.ApproachMinMetres, rules.ApproachMaxMetres);
        }

        Phase = GuardPhase.Inside;
        lastTriggerTime = now;
        exitPoint = (latitude, longitude);
        var suppressed = 0;
        foreach (var waiting in line)
        {
            if (waiting.Suppressed || waiting.ZoneProtected)
            {
                continue;
            }

            var distance = Redaction.Geodesy.DistanceMetres(latitude, longitude, waiting.Latitude, waiting.Longitude);
            if (distance <= approachMetres)
            {
                waiting.Suppress();
                suppressed++;
            }
            else if (distance <= approachMetres + rules.MotionStripMarginMetres)
            {
                waiting.StripMotion();
            }
        }

        return suppressed;
    }

    /// <summary>A zone matched but the position is in doubt: suppress every unprotected waiting record.</summary>
    public int TriggerUnknownPosition()
    {
        var suppressed = 0;
        foreach (var waiting in line.Where(w => !w.Suppressed && !w.ZoneProtected))
        {
            waiting.Suppress();
            suppressed++;
        }

        return suppressed;
    }

    /// <summary>Decides for a non-triggered fix: false = suppressed now; true = may enter the line, with <paramref name="stripMotion"/>.</summary>
    public bool Admit(double latitude, double longitude, DateTimeOffset now, out bool stripMotion)
    {
        stripMotion = false;
        if (Phase == GuardPhase.Inside)
        {
            Phase = GuardPhase.Clearing;
            clearanceMetres = Draw(rules.ClearanceMinMetres, rules.ClearanceMaxMetres);
        }

        if (Phase == GuardPhase.Clearing)
        {
            var (exitLat, exitLon) = exitPoint!.Value;
            var beyond = Redaction.Geodesy.DistanceMetres(exitLat, exitLon, latitude, longitude) > clearanceMetres;
            if (!beyond || now - lastTriggerTime < rules.MinimumSuppressed)
            {
                return false;
            }

            Phase = GuardPhase.Clear;
            stripCentre = exitPoint;
            stripRadiusMetres = clearanceMetres + rules.MotionStripMarginMetres;
        }

        if (stripCentre is { } centre)
        {
            if (Redaction.Geodesy.DistanceMetres(centre.Latitude, centre.Longitude, latitude, longitude) <= stripRadiusMetres)
            {
                stripMotion = true;
            }
            else
            {
                stripCentre = null;
            }
        }

        return true;
    }

    /// <summary>Puts a record in the delay line; false when the line is full (the record is dropped).</summary>
    public bool Enqueue(WaitingRecord record)
    {
        if (line.Count >= rules.MaxWaiting)
        {
            return false;
        }

        line.Enqueue(record);
        return true;
    }

    /// <summary>The highest audit ticket among the records that have matured by <paramref name="now"/> and will leave (0: none).</summary>
    public long NewestMaturedTicket(DateTimeOffset now)
    {
        var newest = 0L;
        foreach (var waiting in line)
        {
            if (waiting.Matures > now)
            {
                break;
            }

            if (!waiting.Suppressed)
            {
                newest = Math.Max(newest, waiting.AuditTicket);
            }
        }

        return newest;
    }

    /// <summary>Drops the waiting records whose audit entry was lost; returns how many.</summary>
    public int DropWhere(Func<WaitingRecord, bool> lost)
    {
        var before = line.Count;
        var kept = line.Where(w => !lost(w)).ToList();
        line.Clear();
        foreach (var waiting in kept)
        {
            line.Enqueue(waiting);
        }

        return before - line.Count;
    }

    /// <summary>Takes every matured record (suppressed ones are discarded); <paramref name="discarded"/> counts those.</summary>
    public IReadOnlyList<OutgoingContent> TakeMatured(DateTimeOffset now, out int discarded)
    {
        discarded = 0;
        if (!line.TryPeek(out var first) || first.Matures > now)
        {
            return []; // the common case (a pump between maturities): no allocation
        }

        var matured = new List<OutgoingContent>();
        while (line.TryPeek(out var head) && head.Matures <= now)
        {
            line.Dequeue();
            if (head.Suppressed)
            {
                discarded++;
            }
            else
            {
                matured.Add(head.Content);
            }
        }

        return matured;
    }

    /// <summary>Drops every waiting record (shutdown: nothing leaves early); returns how many.</summary>
    public int DropAll()
    {
        var count = line.Count;
        line.Clear();
        return count;
    }

    private double Draw(double min, double max) => min + ((max - min) * random.NextUnit());
}
