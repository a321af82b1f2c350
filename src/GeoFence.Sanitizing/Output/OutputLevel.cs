namespace GeoFence.Sanitizing.Output;

/// <summary>The kind of an outgoing record.</summary>
public enum OutputLevel
{
    /// <summary>An allowed fix at the policy's precision.</summary>
    Precise = 1,

    /// <summary>A fix snapped to a grid with a secret drifting offset.</summary>
    Redacted = 2,

    /// <summary>A positionless record sent at the uplink cadence when nothing else is due.</summary>
    Heartbeat = 3,
}
