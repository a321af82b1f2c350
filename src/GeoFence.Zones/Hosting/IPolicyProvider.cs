namespace GeoFence.Zones.Hosting;

/// <summary>Source of the policy state in force; reads are a single volatile reference read.</summary>
public interface IPolicyProvider
{
    /// <summary>The current state (usable policy or fail-closed reason). Take it once per fix.</summary>
    PolicyState Current { get; }
}
