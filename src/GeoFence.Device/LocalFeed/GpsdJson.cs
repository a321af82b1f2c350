using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GeoFence.Gnss;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.LocalFeed;

/// <summary>
/// The gpsd protocol objects the feed sends, as compact UTF-8 lines ending in CR LF (gpsd's framing). A TPV carries only
/// what the <see cref="CompliantFix"/> carries, rounded as the forwarded record is (<see cref="CompliantFixJson"/>).
/// <c>class</c> comes first: libgps finds an object's class by the first <c>"class":</c> in the line.
/// </summary>
public static class GpsdJson
{
    /// <summary>gpsd protocol major version spoken.</summary>
    public const int ProtocolMajor = 3;

    /// <summary>gpsd protocol minor version spoken.</summary>
    public const int ProtocolMinor = 14;

    /// <summary>The one device the feed reports: the unit's compliant output, not the receiver.</summary>
    public const string DevicePath = "geofence:compliant";

    /// <summary>The driver name reported for <see cref="DevicePath"/>.</summary>
    public const string DriverName = "GeoFence compliant feed";

    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    /// <summary>The VERSION object sent on connect and for <c>?VERSION;</c>.</summary>
    public static byte[] Version() => Line(w =>
    {
        w.WriteString("class", "VERSION");
        w.WriteString("release", Release);
        w.WriteString("rev", Revision);
        w.WriteNumber("proto_major", ProtocolMajor);
        w.WriteNumber("proto_minor", ProtocolMinor);
    });

    /// <summary>The DEVICES object: the one compliant device.</summary>
    public static byte[] Devices() => Line(w =>
    {
        w.WriteString("class", "DEVICES");
        w.WriteStartArray("devices");
        w.WriteStartObject();
        w.WriteString("class", "DEVICE");
        w.WriteString("path", DevicePath);
        w.WriteString("driver", DriverName);
        w.WriteNumber("flags", 1); // SEEN_GPS
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>The WATCH object describing a client's watch state; raw modes are always off here.</summary>
    public static byte[] Watch(bool enable, bool json) => Line(w =>
    {
        w.WriteString("class", "WATCH");
        w.WriteBoolean("enable", enable);
        w.WriteBoolean("json", json);
        w.WriteBoolean("nmea", false);
        w.WriteNumber("raw", 0);
        w.WriteBoolean("scaled", false);
        w.WriteBoolean("timing", false);
        w.WriteBoolean("split24", false);
        w.WriteBoolean("pps", false);
    });

    /// <summary>An ERROR object with a message (never client bytes beyond a sanitised command name).</summary>
    public static byte[] Error(string message) => Line(w =>
    {
        w.WriteString("class", "ERROR");
        w.WriteString("message", message);
    });

    /// <summary>The TPV object of one record.</summary>
    public static byte[] Tpv(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Line(record, static (w, r) => WriteTpvMembers(w, r));
    }

    /// <summary>The POLL object: the request time and the latest record's TPV (none before the first record); no SKY.</summary>
    public static byte[] Poll(DateTimeOffset now, CompliantFix? latest) => Line(w =>
    {
        w.WriteString("class", "POLL");
        w.WriteString("time", Time(now));
        w.WriteNumber("active", latest is null ? 0 : 1);
        w.WriteStartArray("tpv");
        if (latest is not null)
        {
            w.WriteStartObject();
            WriteTpvMembers(w, latest);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>
    /// The gpsd mode of a record: its own mode when the policy lets it out; otherwise what its fields show
    /// (position and altitude → 3, position → 2, no position → 1: gpsd's "no fix").
    /// </summary>
    public static int Mode(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Mode is { } mode)
        {
            return (int)mode;
        }

        if (!record.HasPosition)
        {
            return (int)FixMode.NoFix;
        }

        return record.AltitudeHae is not null || record.AltitudeMsl is not null ? (int)FixMode.ThreeD : (int)FixMode.TwoD;
    }

    private static string Release { get; } = ReadRelease();

    private static string Revision { get; } = ReadRevision();

    private static void WriteTpvMembers(Utf8JsonWriter w, CompliantFix record)
    {
        w.WriteString("class", "TPV");
        w.WriteString("device", DevicePath);
        w.WriteNumber("mode", Mode(record));
        if (record.Time is { } time)
        {
            w.WriteString("time", Time(time));
        }

        Number(w, "lat", record.Latitude, 8);
        Number(w, "lon", record.Longitude, 8);
        Number(w, "altHAE", record.AltitudeHae, 3);
        Number(w, "altMSL", record.AltitudeMsl, 3);
        Number(w, "eph", record.HorizontalErrorMetres, 2);
        Number(w, "speed", record.SpeedMps, 3);
        Number(w, "track", record.CourseDeg, 2);
        if (record.HasPosition)
        {
            // Last: an older libgps stops reading an object at a member it does not know.
            w.WriteString("datum", CompliantFixJson.DatumName(record.Datum));
        }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value, int decimals)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, decimals));
        }
    }

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Line(Action<Utf8JsonWriter> members) => Line(members, static (w, m) => m(w));

    /// <summary>
    /// One line through a per-thread buffer and writer (Utf8JsonWriter asks its buffer for 4 KiB at a time): the
    /// pipeline thread allocates only the finished line.
    /// </summary>
    private static byte[] Line<TState>(TState state, Action<Utf8JsonWriter, TState> members)
    {
        var buffer = cachedBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = cachedWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        members(writer, state);
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write(LineEnd);
        return buffer.WrittenSpan.ToArray();
    }

    private static string ReadRevision() =>
        typeof(GpsdJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static string ReadRelease()
    {
        var revision = ReadRevision();
        var plus = revision.IndexOf('+', StringComparison.Ordinal);
        return "geofence-device " + (plus < 0 ? revision : revision[..plus]);
    }
}
