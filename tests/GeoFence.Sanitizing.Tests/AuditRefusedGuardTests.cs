using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

/// <summary>A decision the audit refuses (a full card) withholds its fix, but the trajectory guard still does its part.</summary>
public sealed class AuditRefusedGuardTests
{
    private const double CentreLat = 30.5;
    private const double CentreLon = 114.3;
    private static readonly Zone[] BlockZone = [new(CentreLat, CentreLon, 150)];

    [Fact]
    public void Zone_fixes_the_audit_refuses_still_suppress_the_approach_and_start_the_clearance()
    {
        var rules = Rules.Default with { Guard = Rules.Guard with { MinimumSuppressed = TimeSpan.FromSeconds(10) } };
        var (lat, lon) = Redaction.Geodesy.Offset(CentreLat, CentreLon, 0, -1500);
        var drive = new Drive(lat, lon, 90, 10, 301); // west to east through the zone centre at 10 m/s, 1 Hz
        var audit = new RefusingAudit();
        var harness = new Harness(rules, seed: 11, audit: audit);
        var refused = 0;
        foreach (var fix in drive.Track)
        {
            try
            {
                harness.Feed(fix, Drive.Decide(fix, BlockZone));
            }
            catch (IOException)
            {
                refused++; // the device's pipeline withholds the fix and carries on
                harness.Clock.Advance(TimeSpan.FromSeconds(1));
                harness.Out.AddRange(harness.Sanitizer.Pump());
            }
        }

        harness.Drain();

        var inside = drive.Track.Select((f, i) => (f, i)).Where(x => BlockZone[0].Contains(x.f.Latitude!.Value, x.f.Longitude!.Value)).Select(x => x.i).ToArray();
        var forwarded = harness.Out.Select(drive.IndexOf).ToArray();
        Assert.Equal(inside.Length, refused);
        Assert.DoesNotContain(forwarded, i => i >= inside[0] && i <= inside[^1]);
        var approach = drive.Distance(forwarded.Where(i => i < inside[0]).Max(), inside[0]);
        var clearance = drive.Distance(forwarded.Where(i => i > inside[^1]).Min(), inside[^1]);
        Assert.True(approach >= 100, $"approach {approach} m: records up to the zone left"); // was 10 m: the guard never fired
        Assert.True(clearance >= 150, $"clearance {clearance} m: records right after the zone left");
    }

    /// <summary>Refuses every block decision, as a full data directory would (the others are written).</summary>
    private sealed class RefusingAudit : IDecisionAudit
    {
        public void Record(in AuditDecision decision)
        {
            if (decision.Outcome == AuditOutcome.Block)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
