namespace GeoFence.Device.Status;

/// <summary>Monotonic counters of the pipeline; <see cref="Epochs"/> is the progress counter the watchdog watches.</summary>
public sealed record UnitCounters
{
    /// <summary>Receiver epochs that reached a decision (no-fix epochs included).</summary>
    public long Epochs { get; init; }

    /// <summary>Fixes forwarded unchanged.</summary>
    public long Forwarded { get; init; }

    /// <summary>Epochs redacted or held back by the trajectory guard.</summary>
    public long RedactedOrHeld { get; init; }

    /// <summary>Epochs blocked (zone, fail-closed input, privacy switch).</summary>
    public long Blocked { get; init; }

    /// <summary>Records published to the broker.</summary>
    public long Published { get; init; }
}
