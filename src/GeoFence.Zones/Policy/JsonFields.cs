using System.Globalization;
using System.Text.Json;

namespace GeoFence.Zones.Policy;

/// <summary>Typed, path-reporting accessors over JSON elements for the policy parser.</summary>
internal static class JsonFields
{
    public static JsonElement Object(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException($"{path}.{name}", "missing or not an object; add it (see docs/policy.md)");
        }

        return value;
    }

    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new PolicyFormatException($"{path}.{name}", "must be an object");
    }

    public static string String(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(Text(value, $"{path}.{name}")))
        {
            throw new PolicyFormatException($"{path}.{name}", "missing or not a non-empty string");
        }

        return Text(value, $"{path}.{name}");
    }

    /// <summary>A string element's text; invalid UTF-8 or a lone surrogate escape is a format error, never an exception of the JSON reader.</summary>
    public static string Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new PolicyFormatException(path, "must be a string");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new PolicyFormatException(path, "is not valid text (invalid UTF-8 or an unpaired surrogate escape)");
        }
    }

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? Text(value, $"{path}.{name}")
            : throw new PolicyFormatException($"{path}.{name}", "must be a string");
    }

    public static double Number(JsonElement parent, string name, string path, double min, double max)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            throw new PolicyFormatException($"{path}.{name}", "missing or not a number");
        }

        return CheckRange(value.GetDouble(), $"{path}.{name}", min, max);
    }

    public static double OptionalNumber(JsonElement parent, string name, string path, double min, double max, double fallback)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number
            ? CheckRange(value.GetDouble(), $"{path}.{name}", min, max)
            : throw new PolicyFormatException($"{path}.{name}", "must be a number");
    }

    public static long Integer(JsonElement parent, string name, string path, long min)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt64(out var result) || result < min)
        {
            throw new PolicyFormatException($"{path}.{name}", $"missing or not an integer ≥ {min}");
        }

        return result;
    }

    public static bool OptionalBoolean(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new PolicyFormatException($"{path}.{name}", "must be true or false"),
        };
    }

    public static DateTimeOffset Instant(JsonElement parent, string name, string path) =>
        OptionalInstant(parent, name, path)
        ?? throw new PolicyFormatException($"{path}.{name}", "missing; give an ISO 8601 instant with offset, e.g. 2026-12-01T00:00:00Z");

    public static DateTimeOffset? OptionalInstant(JsonElement parent, string name, string path)
    {
        var text = OptionalString(parent, name, path);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var result)
            ? result
            : throw new PolicyFormatException($"{path}.{name}", $"'{text}' is not an ISO 8601 instant, e.g. 2026-12-01T00:00:00Z");
    }

    public static IReadOnlyList<string> StringArray(JsonElement parent, string name, string path, int maxItems)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxItems)
        {
            throw new PolicyFormatException($"{path}.{name}", $"must be an array of at most {maxItems} strings");
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? Text(item, $"{path}.{name}[{index}]")
                : throw new PolicyFormatException($"{path}.{name}[{index}]", "must be a string"));
            index++;
        }

        return list;
    }

    private static double CheckRange(double value, string field, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new PolicyFormatException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
}
