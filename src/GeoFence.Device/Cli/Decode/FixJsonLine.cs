using System.Text.Json;
using GeoFence.Gnss;

namespace GeoFence.Device.Cli.Decode;

/// <summary>Writes a decoded fix as one gpsd-TPV-like JSON object (integrator diagnostics on a local terminal only).</summary>
internal static class FixJsonLine
{
    public static void Write(Utf8JsonWriter json, in Fix fix)
    {
        json.WriteStartObject();
        json.WriteString("class", "TPV");
        json.WriteString("time", fix.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("mode", (int)fix.Mode);
        json.WriteNumber("status", GpsdStatus(fix.Quality));
        Number(json, "lat", fix.Latitude);
        Number(json, "lon", fix.Longitude);
        Number(json, "altHAE", fix.AltitudeHae);
        Number(json, "altMSL", fix.AltitudeMsl);
        Number(json, "geoidSep", fix.GeoidSeparation);
        Number(json, "eph", fix.HorizontalAccuracy);
        Number(json, "epv", fix.VerticalAccuracy);
        Number(json, "speed", fix.SpeedMps);
        Number(json, "track", fix.CourseDeg);
        json.WriteString("quality", QualityName(fix.Quality));
        if (fix.SatellitesUsed is { } sats)
        {
            json.WriteNumber("sats", sats);
        }

        Number(json, "hdop", fix.Hdop);
        json.WriteString("source", fix.Source == FixSource.Ubx ? "ubx" : "nmea");
        json.WriteEndObject();
    }

    /// <summary>gpsd's TPV status: 0 unknown, 1 normal, 2 DGPS, 3 RTK fixed, 4 RTK float, 5 DR, 7 time only, 8 simulated.</summary>
    private static int GpsdStatus(FixQuality quality) => quality switch
    {
        FixQuality.Gnss => 1,
        FixQuality.Dgnss => 2,
        FixQuality.RtkFixed => 3,
        FixQuality.RtkFloat => 4,
        FixQuality.DeadReckoning => 5,
        FixQuality.Pps => 2,
        FixQuality.Manual => 7,
        FixQuality.Simulated => 8,
        _ => 0,
    };

    private static string QualityName(FixQuality quality) => quality switch
    {
        FixQuality.None => "none",
        FixQuality.Gnss => "gnss",
        FixQuality.Dgnss => "dgnss",
        FixQuality.Pps => "pps",
        FixQuality.RtkFixed => "rtk-fixed",
        FixQuality.RtkFloat => "rtk-float",
        FixQuality.DeadReckoning => "dead-reckoning",
        FixQuality.Manual => "manual",
        FixQuality.Simulated => "simulated",
        _ => "unknown",
    };

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 9));
        }
    }
}
