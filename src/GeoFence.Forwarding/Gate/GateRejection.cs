namespace GeoFence.Forwarding.Gate;

/// <summary>The last reason the gate refused a broker; written by the gate, read by status.</summary>
public sealed class GateRejection
{
    private volatile string? _reason;

    /// <summary>The most recent refusal, or null after a connection passed the gate.</summary>
    public string? Reason => _reason;

    internal void Set(string reason) => _reason = reason;

    internal void Clear() => _reason = null;
}
