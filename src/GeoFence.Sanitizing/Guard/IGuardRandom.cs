namespace GeoFence.Sanitizing.Guard;

/// <summary>Source of the per-event random distances; cryptographic in production, seeded in tests.</summary>
public interface IGuardRandom
{
    /// <summary>A uniform value in [0, 1).</summary>
    double NextUnit();
}
