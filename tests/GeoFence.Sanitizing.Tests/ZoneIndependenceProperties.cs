using FsCheck.Xunit;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class ZoneIndependenceProperties
{
    /// <summary>
    /// For fixes outside every margin (beyond approach max + strip margin of every triggered fix, and beyond clearance max +
    /// strip margin and the minimum time after the last one), the outgoing record is the same with or without the zones:
    /// nothing in it correlates with the distance to a zone. Only `seq` differs (it counts outgoing records).
    /// </summary>
    [Property(MaxTest = 40)]
    public void Records_outside_every_margin_do_not_depend_on_the_zones(int heading, int zoneAt, int across, int radius, int seed, bool twoZones, bool redactZone)
    {
        var rules = Rules.Default with { Guard = Rules.Guard with { MinimumSuppressed = TimeSpan.FromSeconds(20) } };
        var drive = new Drive(30.5, 114.3, Math.Abs(heading % 360), 10, 240);
        var zones = new List<Zone> { ZoneNear(drive, Math.Abs(zoneAt % 240), across % 200, 20 + Math.Abs(radius % 200), redactZone ? VerdictAction.Redact : VerdictAction.Block) };
        if (twoZones)
        {
            zones.Add(ZoneNear(drive, Math.Abs((zoneAt * 7) + 31) % 240, (across * 3) % 200, 30, VerdictAction.Block));
        }

        var guarded = drive.Run(rules, zones, seed);
        var open = drive.Run(rules, [], seed + 1);

        var triggered = drive.Track.Select((f, i) => (f, i)).Where(x => Drive.Decide(x.f, zones).TriggersGuard).Select(x => x.i).ToArray();
        var approachReach = rules.Guard.ApproachMaxMetres + rules.Guard.MotionStripMarginMetres;
        var clearanceReach = rules.Guard.ClearanceMaxMetres + rules.Guard.MotionStripMarginMetres;
        var guardedByIndex = guarded.Out.Where(r => r.Level == Output.OutputLevel.Precise).ToDictionary(drive.IndexOf);
        var checkedCount = 0;
        foreach (var record in open.Out)
        {
            var i = drive.IndexOf(record);
            var outside = triggered.All(t => drive.Distance(i, t) > approachReach)
                && triggered.Where(t => t < i).All(t => drive.Distance(i, t) > clearanceReach && i - t > rules.Guard.MinimumSuppressed.TotalSeconds);
            if (!outside)
            {
                continue;
            }

            Assert.True(guardedByIndex.TryGetValue(i, out var same), $"fix {i} outside every margin was not forwarded");
            Assert.Equal(Json.WithoutSequence(record), Json.WithoutSequence(same));
            checkedCount++;
        }

        Assert.True(checkedCount > 0 || triggered.Length > 0);
    }

    private static Zone ZoneNear(Drive drive, int index, int acrossMetres, double radius, VerdictAction action)
    {
        var fix = drive.Track[index];
        var (lat, lon) = Geodesy.Offset(fix.Latitude!.Value, fix.Longitude!.Value, acrossMetres, -acrossMetres);
        return new Zone(lat, lon, radius, action, 800);
    }
}
