using GeoFence.Zones.Decisions;

namespace GeoFence.Zones.Hosting;

/// <summary>Either a usable compiled policy or the fail-closed state with its reason. Immutable.</summary>
public sealed class PolicyState
{
    private PolicyState(CompiledPolicy? policy, PolicyStatus status, string detail)
    {
        Policy = policy;
        Status = status;
        Detail = detail;
    }

    /// <summary>The policy in force, or null when fail-closed.</summary>
    public CompiledPolicy? Policy { get; }

    /// <summary>Usable, or why not.</summary>
    public PolicyStatus Status { get; }

    /// <summary>One line for status displays: what happened and how to fix it (no zone data).</summary>
    public string Detail { get; }

    /// <summary>True when fixes are decided by a policy.</summary>
    public bool IsUsable => Policy is not null;

    /// <summary>The state before anything was loaded.</summary>
    public static PolicyState NotLoaded { get; } = FailClosed(PolicyStatus.NoBundle, "no policy loaded; install a signed bundle (policy sign, then drop it in the data directory)");

    /// <summary>The status at an instant: a usable policy outside its validity window reads as expired or not yet valid.</summary>
    public PolicyStatus StatusAt(DateTimeOffset instant)
    {
        if (Policy is not { } policy)
        {
            return Status;
        }

        var d = policy.Document;
        return instant < d.NotBefore ? PolicyStatus.NotYetValid : instant >= d.NotAfter ? PolicyStatus.Expired : PolicyStatus.Usable;
    }

    /// <summary>A usable state.</summary>
    public static PolicyState Usable(CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var d = policy.Document;
        return new PolicyState(policy, PolicyStatus.Usable, $"policy {d.PolicyId} version {d.Version} in force until {d.NotAfter:O}");
    }

    /// <summary>A fail-closed state.</summary>
    public static PolicyState FailClosed(PolicyStatus status, string detail) => new(null, status, detail);

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Detail}";
}
