using System.Text;

namespace GeoFence.Fuzzing.Mutation;

/// <summary>JSON-aware mutations for policy documents: type confusion, boundary numbers, odd strings, missing and repeated members.</summary>
public static class JsonMutations
{
    private static readonly byte[][] Numbers = Utf8(
        "0", "-0", "1", "-1", "0.5", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "9007199254740993", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "180", "180.0000001", "-180.0000001", "90", "90.0000001", "-90", "1000000",
        "1000000.1", "65535", "65536", "3600", "3600.1", "86400", "0.01", "0.009", "0.1", "1E2", "2147483648", "123456789012345678901234567890",
        "100000", "10", "1.7976931348623157e308", "2.45", "0.0000001");

    private static readonly byte[][] Strings = Utf8(
        "\"\"", "\" \"", "\"Feature\"", "\"FeatureCollection\"", "\"Polygon\"", "\"MultiPolygon\"", "\"Point\"", "\"LineString\"",
        "\"MultiPoint\"", "\"MultiLineString\"", "\"GeometryCollection\"", "\"block\"", "\"redact\"", "\"permit\"", "\"allow\"",
        "\"WGS84\"", "\"CGCS2000\"", "\"GCJ02\"", "\"geofence-policy/1\"", "\"2026-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
        "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"", "\"24:00\"", "\"23:59\"",
        "\"00:00\"", "\"+08:00\"", "\"-12:00\"", "\"+99:99\"", "\"-\"", "\"--01:00\"", "\"mon\"", "\"sun\"", "\"xyz\"",
        "\"10.0.0.0/8\"", "\"::/0\"", "\"0.0.0.0/0\"", "\"10.0.0.0/33\"", "\"localhost\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"", "\"zz112233445566778899aabbccddeeff00112233445566778899aabbccddeefg\"",
        "\"" + new string('a', 200) + "\"", "\"1\"", "\"NaN\"", "\"\\\"\"", "\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"");

    private static readonly byte[][] Values = Utf8(
        "null", "true", "false", "[]", "{}", "[[]]", "[[[]]]", "[0]", "[0,0]", "[[0,0],[1,1]]", "\"x\"", "1.5", "-1",
        "{\"type\":\"Point\",\"coordinates\":[0,0]}", "{\"type\":\"Point\",\"coordinates\":[]}", "{\"type\":\"Point\",\"coordinates\":[1]}",
        "{\"type\":\"Point\",\"coordinates\":[1,2,3,4]}", "{\"type\":\"Point\",\"coordinates\":null}", "{\"type\":\"Point\"}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}", "{\"type\":\"Polygon\",\"coordinates\":[]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[]]}", "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,0],[0,0],[0,0]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}", "{\"type\":\"LineString\",\"coordinates\":[[0,0],[0,0]]}",
        "{\"type\":\"LineString\",\"coordinates\":[[0,0]]}", "{\"type\":\"LineString\",\"coordinates\":[[179.9,0],[-179.9,0]]}",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[]}", "{\"type\":\"MultiPolygon\",\"coordinates\":[[]]}",
        "{\"type\":\"GeometryCollection\",\"geometries\":[]}", "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[0,0]}]}",
        "{\"type\":\"MultiPoint\",\"coordinates\":[[0,0]]}", "{\"type\":\"Feature\"}", "{\"type\":\"Feature\",\"properties\":null,\"geometry\":null}",
        "{\"type\":\"Point\",\"coordinates\":[0,90]}", "{\"type\":\"Point\",\"coordinates\":[180,-90]}",
        "[{\"days\":[\"mon\"],\"start\":\"23:00\",\"end\":\"01:00\",\"utcOffset\":\"-14:00\"}]");

    private static readonly byte[][] Keys = Utf8(
        "\"type\"", "\"id\"", "\"action\"", "\"coordinates\"", "\"geometry\"", "\"properties\"", "\"features\"", "\"radius_m\"",
        "\"width_m\"", "\"buffer_m\"", "\"redact_m\"", "\"schedule\"", "\"from\"", "\"to\"", "\"version\"", "\"notAfter\"",
        "\"zones\"", "\"brokers\"", "\"output\"", "\"errorModel\"", "\"bbox\"", "\"crs\"", "\"geometries\"", "\"utcOffset\"", "\"x\"");

    /// <summary>Replaces a number with a boundary value.</summary>
    public static void ReplaceNumber(List<byte> b, Random r) => Replace(b, r, JsonTokenKind.Number, Numbers);

    /// <summary>Replaces a string value with an interesting string.</summary>
    public static void ReplaceString(List<byte> b, Random r) => Replace(b, r, JsonTokenKind.Text, Strings);

    /// <summary>Renames a member (to a known policy/GeoJSON key: duplicates and misplaced members).</summary>
    public static void RenameKey(List<byte> b, Random r) => Replace(b, r, JsonTokenKind.Key, Keys);

    /// <summary>Replaces any value (string, number, literal, object, array) with a value of another type or shape.</summary>
    public static void ReplaceValue(List<byte> b, Random r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var tokens = JsonTokens.Scan(b).Where(t => t.Kind != JsonTokenKind.Key).ToList();
        if (tokens.Count == 0)
        {
            return;
        }

        var t = tokens[r.Next(tokens.Count)];
        b.RemoveRange(t.From, t.To - t.From);
        b.InsertRange(t.From, Values[r.Next(Values.Length)]);
    }

    /// <summary>Repeats an array element 1–8 times (extra zones, rings, positions, brokers).</summary>
    public static void RepeatElement(List<byte> b, Random r, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(r);
        var tokens = JsonTokens.Scan(b).Where(t => t.InArray).ToList();
        if (tokens.Count == 0)
        {
            return;
        }

        var t = tokens[r.Next(tokens.Count)];
        var element = b.GetRange(t.From, t.To - t.From);
        for (var n = r.Next(1, 9); n > 0 && b.Count + element.Count + 1 <= maxLength; n--)
        {
            b.InsertRange(t.To, element);
            b.Insert(t.To, (byte)',');
        }
    }

    /// <summary>Removes a member (key and value) or an array element, with one neighbouring comma.</summary>
    public static void RemoveEntry(List<byte> b, Random r)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(r);
        var tokens = JsonTokens.Scan(b);
        var candidates = tokens.Where(t => t.Kind == JsonTokenKind.Key || t.InArray).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var t = candidates[r.Next(candidates.Count)];
        var end = t.To;
        var valueFrom = int.MaxValue;
        if (t.Kind == JsonTokenKind.Key)
        {
            // The value is the first token starting after the colon.
            foreach (var v in tokens)
            {
                if (v.Kind != JsonTokenKind.Key && v.From >= t.To && (end == t.To || v.From < valueFrom))
                {
                    valueFrom = v.From;
                    end = v.To;
                }
            }
        }

        var from = t.From;
        if (end < b.Count && b[end] == (byte)',')
        {
            end++;
        }
        else if (from > 0 && b[from - 1] == (byte)',')
        {
            from--;
        }

        b.RemoveRange(from, end - from);
    }

    /// <summary>Wraps a value in an array or object (one level deeper than the parser expects).</summary>
    public static void Wrap(List<byte> b, Random r)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(r);
        var tokens = JsonTokens.Scan(b).Where(t => t.Kind != JsonTokenKind.Key).ToList();
        if (tokens.Count == 0)
        {
            return;
        }

        var t = tokens[r.Next(tokens.Count)];
        var asArray = r.Next(2) == 0;
        b.Insert(t.To, asArray ? (byte)']' : (byte)'}');
        b.InsertRange(t.From, asArray ? "["u8.ToArray() : "{\"x\":"u8.ToArray());
    }

    private static void Replace(List<byte> b, Random r, JsonTokenKind kind, byte[][] choices)
    {
        ArgumentNullException.ThrowIfNull(r);
        var tokens = JsonTokens.Scan(b).Where(t => t.Kind == kind).ToList();
        if (tokens.Count == 0)
        {
            return;
        }

        var t = tokens[r.Next(tokens.Count)];
        b.RemoveRange(t.From, t.To - t.From);
        b.InsertRange(t.From, choices[r.Next(choices.Length)]);
    }

    private static byte[][] Utf8(params string[] texts) => texts.Select(Encoding.UTF8.GetBytes).ToArray();
}
