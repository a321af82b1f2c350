namespace GeoFence.Zones.Hosting;

/// <summary>
/// Holds the policy state behind one volatile reference to an immutable value. Swapping replaces the reference
/// atomically: a reader sees the old or the new compiled policy, never a half-loaded one.
/// </summary>
public sealed class PolicyHolder : IPolicyProvider
{
    private PolicyState _current;

    /// <summary>Creates a holder in the given state (fail-closed <see cref="PolicyState.NotLoaded"/> by default).</summary>
    public PolicyHolder(PolicyState? initial = null)
    {
        _current = initial ?? PolicyState.NotLoaded;
    }

    /// <summary>Raised after each swap with the new state.</summary>
    public event EventHandler<PolicyState>? Changed;

    /// <inheritdoc />
    public PolicyState Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="state"/> current and returns the previous state.</summary>
    public PolicyState Swap(PolicyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var previous = Interlocked.Exchange(ref _current, state);
        Changed?.Invoke(this, state);
        return previous;
    }
}
