using System.Text.Json;
using GeoFence.Zones.Policy;

namespace GeoFence.Zones.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void Schema_is_embedded_and_names_every_top_level_field_the_parser_requires()
    {
        using var schema = JsonDocument.Parse(PolicySchema.Read());
        var required = schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.Equal(new[] { "brokers", "defaultAction", "issuedAt", "notAfter", "notBefore", "output", "policyId", "schema", "version", "zones" }, required.Order(StringComparer.Ordinal));
        Assert.Equal(PolicyParser.SchemaId, schema.RootElement.GetProperty("properties").GetProperty("schema").GetProperty("const").GetString());
    }
}
