namespace GeoFence.Device.Status;

/// <summary>
/// The one thread-safe holder of <see cref="UnitStatus"/>: stages publish changes with <see cref="Update"/> (an atomic
/// swap), readers take <see cref="Current"/> or subscribe to <see cref="Changed"/>.
/// </summary>
public sealed class UnitStatusBoard
{
    private readonly Lock _gate = new();
    private UnitStatus _current;

    /// <summary>Creates a board holding <paramref name="initial"/> (default: <see cref="UnitStatus.Initial"/>).</summary>
    public UnitStatusBoard(UnitStatus? initial = null) => _current = initial ?? UnitStatus.Initial;

    /// <summary>
    /// Raised after each effective change, on the updating thread, outside the board's lock. Handlers must be quick;
    /// under concurrent updates they may run out of order: compare <see cref="UnitStatus.Version"/>.
    /// </summary>
    public event Action<UnitStatus>? Changed;

    /// <summary>The latest snapshot.</summary>
    public UnitStatus Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="change"/> atomically; raises <see cref="Changed"/> if anything changed.</summary>
    public UnitStatus Update(Func<UnitStatus, UnitStatus> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Update(change, static (s, apply) => apply(s));
    }

    /// <summary>
    /// Applies <paramref name="change"/> with <paramref name="state"/> atomically (a static lambda: no closure per call,
    /// for the updates made per epoch and per acknowledgement); raises <see cref="Changed"/> if anything changed.
    /// </summary>
    public UnitStatus Update<TState>(TState state, Func<UnitStatus, TState, UnitStatus> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        UnitStatus next;
        lock (_gate)
        {
            var previous = _current;
            var proposed = change(previous, state);
            if (proposed.Version != previous.Version)
            {
                proposed = proposed with { Version = previous.Version }; // only the board numbers versions
            }

            if (proposed == previous)
            {
                return previous;
            }

            next = proposed with { Version = previous.Version + 1 };
            Volatile.Write(ref _current, next);
        }

        Changed?.Invoke(next);
        return next;
    }

    /// <summary>Counts one decided epoch of class <paramref name="decision"/> and records it as the latest.</summary>
    public UnitStatus RecordDecision(DecisionClass decision) => Update(decision, static (s, d) => Decided(s, d));

    /// <summary>
    /// One decided epoch in one change: its class counted and recorded as the latest, with the fix state, satellites used
    /// and queue depth of that moment.
    /// </summary>
    public UnitStatus RecordEpoch(DecisionClass decision, FixState fix, int satellitesUsed, int queueDepth) =>
        Update((decision, fix, satellitesUsed, queueDepth), static (s, e) => Decided(s, e.decision) with
        {
            Fix = e.fix,
            SatellitesUsed = e.satellitesUsed,
            QueueDepth = e.queueDepth,
        });

    private static UnitStatus Decided(UnitStatus s, DecisionClass decision) => s with
    {
        LastDecision = decision,
        Counters = s.Counters with
        {
            Epochs = s.Counters.Epochs + 1,
            Forwarded = s.Counters.Forwarded + (decision == DecisionClass.Forwarding ? 1 : 0),
            RedactedOrHeld = s.Counters.RedactedOrHeld + (decision == DecisionClass.RedactingOrHolding ? 1 : 0),
            Blocked = s.Counters.Blocked + (decision is DecisionClass.Blocked or DecisionClass.None ? 1 : 0),
        },
    };
}
