namespace GeoFence.Zones.Policy;

/// <summary>The shipped JSON Schema of the policy document (embedded resource).</summary>
public static class PolicySchema
{
    /// <summary>Manifest name of the embedded schema.</summary>
    public const string ResourceName = "GeoFence.Zones.Schema.policy.schema.json";

    /// <summary>The schema text.</summary>
    public static string Read()
    {
        using var stream = typeof(PolicySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
