namespace GeoFence.Forwarding.Publishing;

/// <summary>Where the forwarder stands with its broker.</summary>
public enum ForwarderState
{
    /// <summary>Not connected; waiting to (re)connect.</summary>
    Disconnected,

    /// <summary>Connecting.</summary>
    Connecting,

    /// <summary>Connected through the gate; publishing.</summary>
    Connected,

    /// <summary>The broker failed the gate (see the reason); nothing is published.</summary>
    NotApproved,
}
