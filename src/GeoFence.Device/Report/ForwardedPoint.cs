using System.Globalization;
using System.Text.Json;

namespace GeoFence.Device.Report;

/// <summary>The kind of a published record as the report draws it.</summary>
internal enum PointKind
{
    /// <summary>A precise (allowed) record with a position.</summary>
    Allowed = 0,

    /// <summary>A redacted record, at its published (snapped) position.</summary>
    Redacted = 1,

    /// <summary>A record without a position (heartbeat, or a level with position fields not allowed).</summary>
    NoPosition = 2,
}

/// <summary>One forwarded record reduced to what the map needs: kind, time, position (as published).</summary>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Time">Record time, if published.</param>
/// <param name="Latitude">Published latitude (NaN when absent).</param>
/// <param name="Longitude">Published longitude (NaN when absent).</param>
/// <param name="Datum">Published datum name (WGS84, CGCS2000 or GCJ02).</param>
internal readonly record struct ForwardedPoint(PointKind Kind, DateTimeOffset? Time, double Latitude, double Longitude, string Datum)
{
    /// <summary>Longest line accepted from forwarded.jsonl (a record is a few hundred bytes).</summary>
    public const int MaxLineChars = 4096;

    /// <summary>True when the record carries a position.</summary>
    public bool HasPosition => Kind != PointKind.NoPosition;

    /// <summary>Parses one forwarded.jsonl line; throws <see cref="FormatException"/> when it is not a compliant-fix record.</summary>
    public static ForwardedPoint Parse(string line)
    {
        if (line.Length > MaxLineChars)
        {
            throw new FormatException($"a line longer than {MaxLineChars} characters");
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var level = root.GetProperty("level").GetString();
            var datum = root.TryGetProperty("datum", out var d) ? d.GetString() ?? "WGS84" : "WGS84";
            DateTimeOffset? time = root.TryGetProperty("time", out var t)
                ? DateTimeOffset.Parse(t.GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null;
            var hasPosition = root.TryGetProperty("lat", out var lat) & root.TryGetProperty("lon", out var lon);
            var kind = (level, hasPosition) switch
            {
                ("precise", true) => PointKind.Allowed,
                ("redacted", true) => PointKind.Redacted,
                ("precise" or "redacted" or "heartbeat", _) => PointKind.NoPosition,
                _ => throw new FormatException("a record with an unknown level"),
            };
            return kind == PointKind.NoPosition
                ? new ForwardedPoint(kind, time, double.NaN, double.NaN, datum)
                : new ForwardedPoint(kind, time, lat.GetDouble(), lon.GetDouble(), datum);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a compliant-fix record ({ex.GetType().Name})", ex);
        }
    }
}
