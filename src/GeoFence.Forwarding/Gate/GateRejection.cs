namespace GeoFence.Forwarding.Gate;

/// <summary>The last reason the gate refused a broker; written by the gate, read by status.</summary>
public sealed class GateRejection
{
    private volatile string? _reason;
    private int _refusals;

    /// <summary>The most recent refusal, or null after a connection passed the gate.</summary>
    public string? Reason => _reason;

    /// <summary>How many refusals were recorded (to tell whether an attempt was refused by the gate).</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    internal void Set(string reason)
    {
        _reason = reason;
        Interlocked.Increment(ref _refusals);
    }

    internal void Clear() => _reason = null;
}
