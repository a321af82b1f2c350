using GeoFence.Gnss;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Redaction;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>A circular zone as the (test) policy engine sees it.</summary>
public sealed record Zone(double Latitude, double Longitude, double RadiusMetres, VerdictAction Action = VerdictAction.Block, double GridMetres = 500)
{
    public bool Contains(double lat, double lon) => Geodesy.DistanceMetres(Latitude, Longitude, lat, lon) <= RadiusMetres;
}

/// <summary>A synthetic drive at constant speed, 1 Hz, and its run through a sanitiser.</summary>
public sealed class Drive
{
    public Drive(double startLat, double startLon, double headingDeg, double speedMps, int seconds)
    {
        var north = Math.Cos(headingDeg * Math.PI / 180.0);
        var east = Math.Sin(headingDeg * Math.PI / 180.0);
        for (var i = 0; i < seconds; i++)
        {
            var (lat, lon) = Geodesy.Offset(startLat, startLon, north * speedMps * i, east * speedMps * i);
            Track.Add(Fixes.At(lat, lon, Fixes.Start.AddSeconds(i), speedMps, headingDeg));
        }
    }

    public List<Fix> Track { get; } = [];

    /// <summary>What a policy engine with these zones (else allow) decides.</summary>
    public static Verdict Decide(in Fix fix, IReadOnlyList<Zone> zones)
    {
        var lat = fix.Latitude!.Value;
        var lon = fix.Longitude!.Value;
        var block = zones.FirstOrDefault(z => z.Action == VerdictAction.Block && z.Contains(lat, lon));
        if (block is not null)
        {
            return Fixes.Block();
        }

        var redact = zones.FirstOrDefault(z => z.Action == VerdictAction.Redact && z.Contains(lat, lon));
        return redact is not null ? Fixes.Redact(redact.GridMetres, zone: true) : Fixes.Allow();
    }

    /// <summary>Runs the drive; returns the harness with everything that left.</summary>
    public Harness Run(OutputRules rules, IReadOnlyList<Zone> zones, int seed)
    {
        var harness = new Harness(rules, seed);
        foreach (var fix in Track)
        {
            harness.Feed(fix, Decide(fix, zones));
        }

        harness.Drain();
        return harness;
    }

    /// <summary>Index into <see cref="Track"/> of a precise record (its time is the fix time).</summary>
    public int IndexOf(CompliantFix record) => (int)(record.Time!.Value - Fixes.Start).TotalSeconds;

    public double Distance(int a, int b) =>
        Geodesy.DistanceMetres(Track[a].Latitude!.Value, Track[a].Longitude!.Value, Track[b].Latitude!.Value, Track[b].Longitude!.Value);
}
