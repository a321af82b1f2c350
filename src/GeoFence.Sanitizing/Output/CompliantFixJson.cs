using System.Buffers;
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
        writer.WriteString(Names.Schema, Names.SchemaValue);
        writer.WriteNumber(Names.Seq, record.Sequence);
        writer.WriteString(Names.Level, LevelValue(record.Level));
        writer.WriteString(Names.Datum, DatumValue(record.Datum));
        if (record.Time is { } time)
        {
            Span<byte> stamp = stackalloc byte[UtcMillisecondStamp.Length];
            UtcMillisecondStamp.Format(time, stamp);
            writer.WriteString(Names.Time, stamp);
        }

        if (record.Mode is { } mode)
        {
            writer.WriteNumber(Names.Mode, (int)mode);
        }

        Number(writer, Names.Lat, record.Latitude, 8);
        Number(writer, Names.Lon, record.Longitude, 8);
        Number(writer, Names.AltHae, record.AltitudeHae, 3);
        Number(writer, Names.AltMsl, record.AltitudeMsl, 3);
        Number(writer, Names.Eph, record.HorizontalErrorMetres, 2);
        Number(writer, Names.Speed, record.SpeedMps, 3);
        Number(writer, Names.Track, record.CourseDeg, 2);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The record as a compact UTF-8 JSON object. The writer and its buffer are kept per thread and reused, so a record
    /// costs one allocation (the returned array); a fresh writer over a stream grew its buffer by copying several times
    /// per record, most of the unit's allocation.
    /// </summary>
    public static byte[] ToUtf8(CompliantFix record)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        Write(scratch.Writer, record);
        scratch.Writer.Flush();
        return scratch.Buffer.WrittenSpan.ToArray();
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

    private static JsonEncodedText LevelValue(OutputLevel level) => level switch
    {
        OutputLevel.Precise => Names.Precise,
        OutputLevel.Redacted => Names.Redacted,
        OutputLevel.Heartbeat => Names.Heartbeat,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    private static JsonEncodedText DatumValue(OutputDatum datum) => datum switch
    {
        OutputDatum.Wgs84 => Names.Wgs84,
        OutputDatum.Cgcs2000 => Names.Cgcs2000,
        OutputDatum.Gcj02 => Names.Gcj02,
        _ => throw new ArgumentOutOfRangeException(nameof(datum)),
    };

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, double? value, int decimals)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Math.Round(v, decimals));
        }
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>One thread's reusable writer and buffer.</summary>
    private sealed class Scratch
    {
        public Scratch() => Writer = new Utf8JsonWriter(Buffer);

        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }
    }

    /// <summary>Member names and fixed values, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
        public static readonly JsonEncodedText SchemaValue = JsonEncodedText.Encode(SchemaId);
        public static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText Datum = JsonEncodedText.Encode("datum");
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode");
        public static readonly JsonEncodedText Lat = JsonEncodedText.Encode("lat");
        public static readonly JsonEncodedText Lon = JsonEncodedText.Encode("lon");
        public static readonly JsonEncodedText AltHae = JsonEncodedText.Encode("altHAE");
        public static readonly JsonEncodedText AltMsl = JsonEncodedText.Encode("altMSL");
        public static readonly JsonEncodedText Eph = JsonEncodedText.Encode("eph");
        public static readonly JsonEncodedText Speed = JsonEncodedText.Encode("speed");
        public static readonly JsonEncodedText Track = JsonEncodedText.Encode("track");
        public static readonly JsonEncodedText Precise = JsonEncodedText.Encode(LevelName(OutputLevel.Precise));
        public static readonly JsonEncodedText Redacted = JsonEncodedText.Encode(LevelName(OutputLevel.Redacted));
        public static readonly JsonEncodedText Heartbeat = JsonEncodedText.Encode(LevelName(OutputLevel.Heartbeat));
        public static readonly JsonEncodedText Wgs84 = JsonEncodedText.Encode(DatumName(OutputDatum.Wgs84));
        public static readonly JsonEncodedText Cgcs2000 = JsonEncodedText.Encode(DatumName(OutputDatum.Cgcs2000));
        public static readonly JsonEncodedText Gcj02 = JsonEncodedText.Encode(DatumName(OutputDatum.Gcj02));
    }
}
