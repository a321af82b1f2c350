using GeoFence.Sanitizing.Guard;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>Deterministic guard randomness for tests.</summary>
public sealed class SeededGuardRandom(int seed) : IGuardRandom
{
    private readonly Random random = new(seed);

    public double NextUnit() => random.NextDouble();
}
