using GeoFence.Fuzzing.Seeds;

namespace GeoFence.Fuzzing.Tests;

/// <summary>One set of generated keys, signed seed bundles and trust directory per test class.</summary>
public sealed class PolicySeedsFixture : IDisposable
{
    public PolicySeeds Seeds { get; } = new();

    public void Dispose() => Seeds.Dispose();
}
