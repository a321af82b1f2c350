using System.Globalization;
using System.Text.Json;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Output;

/// <summary>The outgoing JSON payload of a <see cref="CompliantFix"/> (schema Schema/compliant-fix.v1.schema.json); gpsd TPV names where they exist.</summary>
public static class CompliantFixJson
{
    /// <summary>Value of the `schema` member.</summary>
    public const string SchemaId = "geofence.compliant-fix/1";

    /// <summary>Writes one record as a JSON object; absent values are omitted, never zero.</summary>
    public static void Write(Utf8JsonWriter writer, CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        writer.WriteString("schema", SchemaId);
        writer.WriteNumber("seq", record.Sequence);
        writer.WriteString("level", LevelName(record.Level));
        writer.WriteString("datum", DatumName(record.Datum));
        if (record.Time is { } time)
        {
            writer.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        if (record.Mode is { } mode)
        {
            writer.WriteNumber("mode", (int)mode);
        }

        Number(writer, "lat", record.Latitude, 8);
        Number(writer, "lon", record.Longitude, 8);
        Number(writer, "altHAE", record.AltitudeHae, 3);
        Number(writer, "altMSL", record.AltitudeMsl, 3);
        Number(writer, "eph", record.HorizontalErrorMetres, 2);
        Number(writer, "speed", record.SpeedMps, 3);
        Number(writer, "track", record.CourseDeg, 2);
        writer.WriteEndObject();
    }

    /// <summary>The record as a compact UTF-8 JSON object.</summary>
    public static byte[] ToUtf8(CompliantFix record)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, record);
        }

        return buffer.ToArray();
    }

    /// <summary>The `level` string of a level.</summary>
    public static string LevelName(OutputLevel level) => level switch
    {
        OutputLevel.Precise => "precise",
        OutputLevel.Redacted => "redacted",
        OutputLevel.Heartbeat => "heartbeat",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The `datum` string of a datum.</summary>
    public static string DatumName(OutputDatum datum) => datum switch
    {
        OutputDatum.Wgs84 => "WGS84",
        OutputDatum.Cgcs2000 => "CGCS2000",
        OutputDatum.Gcj02 => "GCJ02",
        _ => throw new ArgumentOutOfRangeException(nameof(datum)),
    };

    private static void Number(Utf8JsonWriter writer, string name, double? value, int decimals)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Math.Round(v, decimals));
        }
    }
}
