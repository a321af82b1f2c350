using System.Globalization;
using System.Text.Json;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>A TPV object says exactly what its CompliantFix says, in gpsd's names, and nothing else.</summary>
internal static class TpvAssert
{
    public static readonly string[] AllowedNames = ["class", "device", "mode", "time", "lat", "lon", "altHAE", "altMSL", "eph", "speed", "track", "datum"];

    public static void Matches(CompliantFix record, JsonElement tpv)
    {
        Assert.Equal("TPV", tpv.Class());
        Assert.Equal("geofence:compliant", tpv.GetProperty("device").GetString());
        Assert.Subset(AllowedNames.ToHashSet(), tpv.Names().ToHashSet());
        Assert.Equal(record.Time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            tpv.TryGetProperty("time", out var time) ? time.GetString() : null);
        Same(record.Latitude, tpv, "lat", 8);
        Same(record.Longitude, tpv, "lon", 8);
        Same(record.AltitudeHae, tpv, "altHAE", 3);
        Same(record.AltitudeMsl, tpv, "altMSL", 3);
        Same(record.HorizontalErrorMetres, tpv, "eph", 2);
        Same(record.SpeedMps, tpv, "speed", 3);
        Same(record.CourseDeg, tpv, "track", 2);
        Assert.Equal(record.HasPosition ? CompliantFixJson.DatumName(record.Datum) : null,
            tpv.TryGetProperty("datum", out var datum) ? datum.GetString() : null);
    }

    /// <summary>A record's time as gpsd writes it.</summary>
    public static string TimeText(CompliantFix record) =>
        record.Time!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Same(double? expected, JsonElement tpv, string name, int decimals)
    {
        var actual = tpv.Number(name);
        if (expected is not { } e)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(Math.Round(e, decimals), actual.Value); // what the forwarded record carries, to the last digit
        Assert.True(Math.Abs(e - actual.Value) <= 0.5 * Math.Pow(10, -decimals) + 1e-12, $"{name} differs from the record");
    }
}
