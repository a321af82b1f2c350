using System.Globalization;
using System.Text.Json;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// Checks a fix-topic payload against the published record schema (compliant-fix.v1.schema.json, read from the
/// sanitiser's assembly): a JSON array of 1..50 objects, no member outside the schema, the required ones present,
/// constants, enums and ranges as the schema states them. Reports the reason only, never a value.
/// </summary>
public sealed class SoakRecordValidator
{
    private readonly HashSet<string> _properties;
    private readonly string[] _required;
    private readonly string _schemaId;
    private readonly HashSet<string> _levels;
    private readonly HashSet<string> _datums;

    public SoakRecordValidator()
    {
        using var stream = typeof(CompliantFix).Assembly.GetManifestResourceStream("GeoFence.Sanitizing.Schema.compliant-fix.v1.schema.json")
            ?? throw new InvalidOperationException("the record schema is not embedded");
        using var schema = JsonDocument.Parse(stream);
        var properties = schema.RootElement.GetProperty("properties");
        _properties = [.. properties.EnumerateObject().Select(p => p.Name)];
        _required = [.. schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()!)];
        _schemaId = properties.GetProperty("schema").GetProperty("const").GetString()!;
        _levels = [.. properties.GetProperty("level").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];
        _datums = [.. properties.GetProperty("datum").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The sequence numbers and fix times of a valid payload's records, or the reason it is not valid.</summary>
    public (IReadOnlyList<(long Sequence, DateTimeOffset? Time)> Records, string? Error) Validate(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() is < 1 or > 50)
            {
                return ([], "not an array of 1..50 records");
            }

            var records = new List<(long Sequence, DateTimeOffset? Time)>();
            foreach (var record in root.EnumerateArray())
            {
                if (Check(record) is { } error)
                {
                    return ([], error);
                }

                DateTimeOffset? time = record.TryGetProperty("time", out var t) ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
                records.Add((record.GetProperty("seq").GetInt64(), time));
            }

            return (records, null);
        }
        catch (JsonException)
        {
            return ([], "does not parse as JSON");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return ([], "a member has the wrong JSON type");
        }
    }

    private string? Check(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return "a record is not an object";
        }

        foreach (var member in record.EnumerateObject())
        {
            if (!_properties.Contains(member.Name))
            {
                return $"member '{member.Name}' is not in the schema";
            }
        }

        if (_required.FirstOrDefault(r => !record.TryGetProperty(r, out _)) is { } missing)
        {
            return $"required member '{missing}' is missing";
        }

        if (record.GetProperty("schema").GetString() != _schemaId)
        {
            return "wrong schema id";
        }

        if (!record.GetProperty("seq").TryGetInt64(out var seq) || seq < 0)
        {
            return "seq is not a non-negative integer";
        }

        if (!_levels.Contains(record.GetProperty("level").GetString() ?? string.Empty) || !_datums.Contains(record.GetProperty("datum").GetString() ?? string.Empty))
        {
            return "level or datum outside its enum";
        }

        if (record.TryGetProperty("time", out var time) && !DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return "time is not a date-time";
        }

        if (record.TryGetProperty("mode", out var mode) && mode.GetInt32() is not (2 or 3))
        {
            return "mode is not 2 or 3";
        }

        if (record.TryGetProperty("lat", out var lat) && Math.Abs(lat.GetDouble()) > 90)
        {
            return "lat out of range";
        }

        return record.TryGetProperty("lon", out var lon) && Math.Abs(lon.GetDouble()) > 180 ? "lon out of range" : null;
    }
}
