using GeoFence.Zones.Hosting;

namespace GeoFence.Zones.Decisions;

/// <summary>Decides fixes against whatever policy the provider holds; fails closed when there is none.</summary>
public sealed class PolicyEngine
{
    private readonly IPolicyProvider _provider;

    /// <summary>Creates an engine reading the policy from <paramref name="provider"/> once per fix.</summary>
    public PolicyEngine(IPolicyProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <summary>Decides one fix with a single snapshot of the current policy.</summary>
    public Decision Decide(in PositionSample current, in PositionSample? previous)
    {
        var state = _provider.Current;
        return state.Policy is { } policy
            ? policy.Decide(current, previous)
            : Decision.Blocked(DecisionReasons.NoPolicy, 0);
    }
}
