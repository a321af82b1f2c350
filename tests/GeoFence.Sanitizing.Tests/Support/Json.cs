using System.Text.Json;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>JSON helpers for assertions.</summary>
public static class Json
{
    public static string Text(CompliantFix record) => System.Text.Encoding.UTF8.GetString(CompliantFixJson.ToUtf8(record));

    public static string[] Members(CompliantFix record)
    {
        using var document = JsonDocument.Parse(CompliantFixJson.ToUtf8(record));
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
    }

    /// <summary>The record's JSON without `seq` (what must not depend on zones).</summary>
    public static string WithoutSequence(CompliantFix record)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(CompliantFixJson.ToUtf8(record))!.AsObject();
        node.Remove("seq");
        return node.ToJsonString();
    }
}
