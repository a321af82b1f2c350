using System.Globalization;
using System.Text;
using GeoFence.Gnss;

namespace GeoFence.Sanitizing.Tests.Leak;

/// <summary>
/// Test-only stand-in for the real decoder: merges the GGA and RMC of each epoch (same time field) into a Fix. Only what
/// the re-pather wrote plus the GGA side fields (geoid separation, satellites, HDOP), so that side channels reach the sanitiser.
/// </summary>
public static class TinyGgaRmcParser
{
    public static List<Fix> Parse(byte[] capture)
    {
        var fixes = new List<Fix>();
        Fix? current = null;
        string? currentTime = null;
        foreach (var line in Encoding.ASCII.GetString(capture).Split("\r\n"))
        {
            if (!line.StartsWith('$') || !CaptureRepather.HasValidChecksum(line))
            {
                continue;
            }

            var type = CaptureRepather.Type(line);
            if (type is not ("GGA" or "RMC"))
            {
                continue;
            }

            var f = CaptureRepather.Fields(line);
            if (currentTime != f[1] && current is { } done)
            {
                fixes.Add(done);
                current = null;
            }

            currentTime = f[1];
            var fix = current ?? new Fix { Mode = FixMode.ThreeD, Quality = FixQuality.Gnss, Source = FixSource.Nmea };
            current = type == "GGA"
                ? fix with
                {
                    Latitude = Angle(f[2], f[3]),
                    Longitude = Angle(f[4], f[5]),
                    Quality = (FixQuality)(int)(Number(f[6]) ?? 0),
                    SatellitesUsed = (int?)Number(f[7]),
                    Hdop = Number(f[8]),
                    AltitudeMsl = Number(f[9]),
                    GeoidSeparation = Number(f[11]),
                    AltitudeHae = Number(f[9]) + Number(f[11]),
                }
                : fix with
                {
                    Time = DateTimeOffset.ParseExact(f[9] + f[1], TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                    Latitude = Angle(f[3], f[4]),
                    Longitude = Angle(f[5], f[6]),
                    SpeedMps = Number(f[7]) * 1852 / 3600,
                    CourseDeg = Number(f[8]),
                };
        }

        if (current is { } last)
        {
            fixes.Add(last);
        }

        return fixes;
    }

    private static readonly string[] TimeFormats = ["ddMMyyHHmmss", "ddMMyyHHmmss.f", "ddMMyyHHmmss.ff", "ddMMyyHHmmss.fff"];

    private static double? Number(string field) => field.Length == 0 ? null : double.Parse(field, CultureInfo.InvariantCulture);

    private static double? Angle(string field, string hemisphere)
    {
        if (field.Length == 0)
        {
            return null;
        }

        var dot = field.IndexOf('.', StringComparison.Ordinal);
        var degrees = double.Parse(field[..(dot - 2)], CultureInfo.InvariantCulture);
        var minutes = double.Parse(field[(dot - 2)..], CultureInfo.InvariantCulture);
        var value = degrees + (minutes / 60);
        return hemisphere is "S" or "W" ? -value : value;
    }
}
