using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GeoFence.Zones.Model;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;
using NtsGeometry = NetTopologySuite.Geometries.Geometry;

namespace GeoFence.Zones.Policy;

/// <summary>
/// Reads the <c>zones</c> FeatureCollection. Invalid polygons are rejected (never repaired: a repair could shrink a
/// block zone); the message names the zone id and the kind of defect, never a coordinate. Ring orientation is not
/// checked (RFC 7946 §3.1.6 asks parsers not to reject); decisions don't depend on it.
/// </summary>
internal static class ZoneParser
{
    private const int GeoJsonMaxDepth = 16;

    private static readonly JsonSerializerOptions GeoJsonOptions = new()
    {
        Converters = { new GeoJsonConverterFactory() },
        MaxDepth = GeoJsonMaxDepth,
    };

    // The library's geometry converter, called directly: JsonSerializer.Deserialize<Geometry> would need the
    // reflection-based serializer, which NativeAOT does not have (it would reject every zone at run time).
    private static readonly JsonConverter<NtsGeometry> GeometryConverter =
        (JsonConverter<NtsGeometry>)new GeoJsonConverterFactory().CreateConverter(typeof(NtsGeometry), GeoJsonOptions)!;

    public static IReadOnlyList<ZoneDefinition> Parse(JsonElement root)
    {
        var collection = JsonFields.Object(root, "zones", "policy");
        if (JsonFields.String(collection, "type", "policy.zones") != "FeatureCollection"
            || !collection.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            throw new PolicyFormatException("policy.zones", "must be a GeoJSON FeatureCollection with a features array");
        }

        if (features.GetArrayLength() > PolicyLimits.MaxZones)
        {
            throw new PolicyFormatException("policy.zones.features", $"more than {PolicyLimits.MaxZones} zones");
        }

        var zones = new List<ZoneDefinition>(features.GetArrayLength());
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long totalVertices = 0;
        var index = 0;
        foreach (var feature in features.EnumerateArray())
        {
            var zone = ParseFeature(feature, $"policy.zones.features[{index}]");
            if (!ids.Add(zone.Id))
            {
                throw new PolicyFormatException($"policy.zones.features[{index}].properties.id", $"duplicate zone id \"{zone.Id}\"; ids must be unique");
            }

            totalVertices += zone.VertexCount;
            if (totalVertices > PolicyLimits.MaxTotalVertices)
            {
                throw new PolicyFormatException("policy.zones", $"more than {PolicyLimits.MaxTotalVertices} vertices in total");
            }

            zones.Add(zone);
            index++;
        }

        return zones;
    }

    private static ZoneDefinition ParseFeature(JsonElement feature, string path)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || JsonFields.Text(type, $"{path}.type") != "Feature")
        {
            throw new PolicyFormatException(path, "must be a GeoJSON Feature");
        }

        var properties = JsonFields.Object(feature, "properties", path);
        var id = JsonFields.String(properties, "id", $"{path}.properties");
        if (id.Length > PolicyLimits.MaxIdLength)
        {
            throw new PolicyFormatException($"{path}.properties.id", $"longer than {PolicyLimits.MaxIdLength} characters");
        }

        var where = $"{path} (zone \"{id}\")";
        var action = JsonFields.String(properties, "action", $"{where}.properties") switch
        {
            "block" => ZoneAction.Block,
            "redact" => ZoneAction.Redact,
            "permit" => ZoneAction.Permit,
            var other => throw new PolicyFormatException($"{where}.properties.action", $"'{other}' is not block, redact or permit"),
        };
        var props = $"{where}.properties";
        var buffer = JsonFields.OptionalNumber(properties, "buffer_m", props, 0, PolicyLimits.MaxDistanceMetres, 0);
        var redact = action == ZoneAction.Redact
            ? JsonFields.Number(properties, "redact_m", props, 1, PolicyLimits.MaxDistanceMetres)
            : 0;
        var geometry = ReadGeometry(feature, where);
        var (shape, radius) = geometry switch
        {
            Point => (ZoneShape.Circle, JsonFields.Number(properties, "radius_m", props, 0.01, PolicyLimits.MaxDistanceMetres)),
            LineString => (ZoneShape.Corridor, JsonFields.Number(properties, "width_m", props, 0.01, PolicyLimits.MaxDistanceMetres) / 2),
            Polygon or MultiPolygon => (ZoneShape.Area, 0.0),
            _ => throw new PolicyFormatException($"{where}.geometry", $"{geometry.GeometryType} is not supported; use Polygon, MultiPolygon, Point + radius_m or LineString + width_m"),
        };
        CheckGeometry(geometry, where);
        var validity = ParseValidity(properties, props);
        var name = JsonFields.OptionalString(properties, "name", props);
        return new ZoneDefinition(id, action, shape, geometry, radius, buffer, redact, validity, name);
    }

    private static NtsGeometry ReadGeometry(JsonElement feature, string where)
    {
        if (!feature.TryGetProperty("geometry", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException($"{where}.geometry", "missing or not a GeoJSON geometry object");
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(element.GetRawText()), new JsonReaderOptions { MaxDepth = GeoJsonMaxDepth });
            reader.Read();
            return GeometryConverter.Read(ref reader, typeof(NtsGeometry), GeoJsonOptions)
                ?? throw new PolicyFormatException($"{where}.geometry", "is null");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // The library's message may quote coordinates: report the kind of failure only.
            throw new PolicyFormatException($"{where}.geometry", $"not readable GeoJSON ({ex.GetType().Name}); rings must be closed with ≥ 4 positions [lon, lat]");
        }
    }

    private static void CheckGeometry(NtsGeometry geometry, string where)
    {
        if (geometry.NumPoints > PolicyLimits.MaxVerticesPerZone)
        {
            throw new PolicyFormatException($"{where}.geometry", $"more than {PolicyLimits.MaxVerticesPerZone} vertices; split the zone");
        }

        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X < -180 || c.X > 180 || c.Y < -90 || c.Y > 90)
            {
                throw new PolicyFormatException($"{where}.geometry", "a position is outside lon [-180, 180] / lat [-90, 90]; GeoJSON order is [lon, lat]");
            }
        }

        if (geometry.IsEmpty)
        {
            throw new PolicyFormatException($"{where}.geometry", "is empty");
        }

        if (geometry is LineString line && line.NumPoints < 2)
        {
            throw new PolicyFormatException($"{where}.geometry", "a corridor needs at least 2 positions");
        }

        if (geometry is Polygon or MultiPolygon)
        {
            foreach (var polygon in Polygons(geometry))
            {
                foreach (var ring in Rings(polygon))
                {
                    if (!ring.IsClosed || ring.NumPoints < 4)
                    {
                        throw new PolicyFormatException($"{where}.geometry", "a ring is not closed or has fewer than 4 positions; repeat the first position last");
                    }
                }
            }

            var error = new IsValidOp(geometry).ValidationError;
            if (error is not null)
            {
                throw new PolicyFormatException($"{where}.geometry", $"invalid polygon ({error.Message}); fix the ring so it doesn't cross itself or its holes — invalid zones are rejected, not repaired");
            }
        }
    }

    private static IEnumerable<Polygon> Polygons(NtsGeometry geometry)
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            yield return (Polygon)geometry.GetGeometryN(i);
        }
    }

    private static IEnumerable<LinearRing> Rings(Polygon polygon)
    {
        yield return polygon.Shell;
        foreach (var hole in polygon.Holes)
        {
            yield return hole;
        }
    }

    private static ZoneValidity ParseValidity(JsonElement properties, string path)
    {
        var from = JsonFields.OptionalInstant(properties, "from", path);
        var to = JsonFields.OptionalInstant(properties, "to", path);
        if (from is { } f && to is { } t && t <= f)
        {
            throw new PolicyFormatException($"{path}.to", "must be later than from");
        }

        var windows = new List<WeeklyWindow>();
        if (properties.TryGetProperty("schedule", out var schedule) && schedule.ValueKind != JsonValueKind.Null)
        {
            if (schedule.ValueKind != JsonValueKind.Array || schedule.GetArrayLength() > 64)
            {
                throw new PolicyFormatException($"{path}.schedule", "must be an array of at most 64 weekly windows");
            }

            var index = 0;
            foreach (var window in schedule.EnumerateArray())
            {
                windows.Add(ParseWindow(window, $"{path}.schedule[{index++}]"));
            }
        }

        return from is null && to is null && windows.Count == 0 ? ZoneValidity.Always : new ZoneValidity(from, to, windows);
    }

    private static WeeklyWindow ParseWindow(JsonElement window, string path)
    {
        if (window.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(path, "must be an object {days, start, end, utcOffset}");
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var day in JsonFields.StringArray(window, "days", path, 7))
        {
            days.Add(day switch
            {
                "mon" => DayOfWeek.Monday,
                "tue" => DayOfWeek.Tuesday,
                "wed" => DayOfWeek.Wednesday,
                "thu" => DayOfWeek.Thursday,
                "fri" => DayOfWeek.Friday,
                "sat" => DayOfWeek.Saturday,
                "sun" => DayOfWeek.Sunday,
                _ => throw new PolicyFormatException($"{path}.days", $"'{day}' is not one of mon tue wed thu fri sat sun"),
            });
        }

        if (days.Count == 0)
        {
            throw new PolicyFormatException($"{path}.days", "give at least one day");
        }

        var start = Time(window, "start", path);
        var end = Time(window, "end", path);
        var offsetText = JsonFields.OptionalString(window, "utcOffset", path) ?? "+00:00";
        if (!TimeSpan.TryParseExact(offsetText.TrimStart('+'), @"hh\:mm", CultureInfo.InvariantCulture, out var offset)
            && !(offsetText.StartsWith('-') && TimeSpan.TryParseExact(offsetText[1..], @"hh\:mm", CultureInfo.InvariantCulture, out offset)))
        {
            throw new PolicyFormatException($"{path}.utcOffset", $"'{offsetText}' is not an offset like +08:00");
        }

        if (offset > TimeSpan.FromHours(14))
        {
            throw new PolicyFormatException($"{path}.utcOffset", $"'{offsetText}' is beyond ±14:00 (no time zone is); e.g. +08:00");
        }

        if (offsetText.StartsWith('-'))
        {
            offset = -offset;
        }

        return new WeeklyWindow(days, start, end, offset);
    }

    private static TimeOnly Time(JsonElement window, string name, string path)
    {
        var text = JsonFields.String(window, name, path);
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new PolicyFormatException($"{path}.{name}", $"'{text}' is not a time like 08:30");
    }
}
