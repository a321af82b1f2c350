using GeoFence.Gnss;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>Builders for fixes and verdicts.</summary>
public static class Fixes
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    public static Fix At(double lat, double lon, DateTimeOffset time, double speed = 10, double course = 90) => new()
    {
        Time = time,
        Latitude = lat,
        Longitude = lon,
        AltitudeHae = 123.456,
        AltitudeMsl = 110.789,
        GeoidSeparation = 12.667,
        Mode = FixMode.ThreeD,
        Quality = FixQuality.RtkFixed,
        SatellitesUsed = 21,
        Hdop = 0.6,
        Pdop = 1.1,
        Vdop = 0.9,
        HorizontalAccuracy = 0.014,
        VerticalAccuracy = 0.021,
        SpeedMps = speed,
        CourseDeg = course,
        Source = FixSource.Nmea,
    };

    public static Verdict Allow() => new(VerdictAction.Allow, 0, false, [], "policy-a", 3);

    public static Verdict Block(bool zone = true) => new(VerdictAction.Block, 0, zone, zone ? ["zone-secret-7"] : [], "policy-a", 3);

    public static Verdict Redact(double grid, bool zone) => new(VerdictAction.Redact, grid, zone, zone ? ["zone-redact-2"] : [], "policy-a", 3);
}
