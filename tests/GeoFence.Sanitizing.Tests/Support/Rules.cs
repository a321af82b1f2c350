using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>Output rules used across tests.</summary>
public static class Rules
{
    public static OutputRules Default => new()
    {
        MaxPrecisionMetres = 1.0,
        Guard = Guard,
    };

    public static OutputRules NoDelay => new() { Guard = Guard with { Delay = TimeSpan.Zero } };

    public static TrajectoryGuardRules Guard => new()
    {
        Delay = TimeSpan.FromSeconds(30),
        ApproachMinMetres = 100,
        ApproachMaxMetres = 250,
        ClearanceMinMetres = 150,
        ClearanceMaxMetres = 400,
        MinimumSuppressed = TimeSpan.FromSeconds(60),
        MotionStripMarginMetres = 200,
    };
}
