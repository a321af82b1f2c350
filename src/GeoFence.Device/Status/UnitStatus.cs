namespace GeoFence.Device.Status;

/// <summary>
/// An immutable snapshot of the unit's state, read by the LEDs, the display, the watchdog and the status topic.
/// By construction it holds no coordinate, distance or zone: only states, reason ids and counts.
/// </summary>
public sealed record UnitStatus
{
    /// <summary>The state at start-up: no policy, no fix, nothing forwarded (fail closed).</summary>
    public static UnitStatus Initial { get; } = new();

    /// <summary>Increases by one with every published change; lets readers drop stale snapshots.</summary>
    public long Version { get; init; }

    /// <summary>Whether a signed policy is in force.</summary>
    public PolicyState Policy { get; init; } = PolicyState.None;

    /// <summary>Why the policy is not in force, when it is not.</summary>
    public ReasonId? PolicyReason { get; init; }

    /// <summary>Whether the receiver delivers a valid fix.</summary>
    public FixState Fix { get; init; } = FixState.NoFix;

    /// <summary>Satellites used in the latest fix (0 without a fix).</summary>
    public int SatellitesUsed { get; init; }

    /// <summary>The class of the latest decision.</summary>
    public DecisionClass LastDecision { get; init; } = DecisionClass.None;

    /// <summary>The broker link.</summary>
    public BrokerState Broker { get; init; } = BrokerState.Disconnected;

    /// <summary>Why the broker is not connected or not approved.</summary>
    public ReasonId? BrokerReason { get; init; }

    /// <summary>True while the privacy (transmit-kill) switch is on: nothing is transmitted.</summary>
    public bool PrivacySwitchOn { get; init; }

    /// <summary>The optional status display: off (not configured), ok, missing or failed.</summary>
    public DisplayState Display { get; init; } = DisplayState.Off;

    /// <summary>True while the receiver source is open and delivering bytes.</summary>
    public bool SourceAlive { get; init; }

    /// <summary>Records waiting in the outbox.</summary>
    public int QueueDepth { get; init; }

    /// <summary>Pipeline counters.</summary>
    public UnitCounters Counters { get; init; } = new();

    /// <summary>True when the unit must not forward anything: no valid policy, or the privacy switch is on.</summary>
    public bool FailClosed => Policy != PolicyState.Loaded || PrivacySwitchOn;
}
