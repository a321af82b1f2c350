namespace GeoFence.Zones.Policy;

/// <summary>Bounds on what a policy may contain (bounded everything).</summary>
public static class PolicyLimits
{
    /// <summary>Largest policy document or bundle accepted, in bytes.</summary>
    public const int MaxDocumentBytes = 256 * 1024 * 1024;

    /// <summary>Most zones in one policy.</summary>
    public const int MaxZones = 1_000_000;

    /// <summary>Most vertices in one zone.</summary>
    public const int MaxVerticesPerZone = 200_000;

    /// <summary>Most vertices over all zones.</summary>
    public const long MaxTotalVertices = 20_000_000;

    /// <summary>Most approved brokers.</summary>
    public const int MaxBrokers = 64;

    /// <summary>Largest buffer, radius or corridor width in metres.</summary>
    public const double MaxDistanceMetres = 1_000_000;

    /// <summary>Longest zone id.</summary>
    public const int MaxIdLength = 128;
}
